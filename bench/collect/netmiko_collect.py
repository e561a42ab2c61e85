"""Netmiko's side of bench/collect.bench.ts: the same read-only commands on every lab device, a thread pool
of N workers (as an engineer's fleet script does it), one ConnectHandler per device: enable, then each
command with send_command. Prints one JSON summary line: hosts ok, the failures, characters read.

usage: python3 netmiko_collect.py LAB_FILE WORKERS COMMAND...
LAB_FILE is what `warroom lab --json` prints (one JSON object per line; the passwords stay in that file,
never on a command line). Netmiko's defaults otherwise; LAB_FAST_CLI=1 turns fast_cli on (on the lab with
50 threads it was slower, and lost devices to "Search pattern never detected").
"""
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from netmiko import ConnectHandler

lab_file, workers, commands = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with open(lab_file) as f:
    devices = [d for d in (json.loads(line) for line in f if line.strip()) if d.get("role") == "device"]


def collect(device):
    conn = ConnectHandler(
        device_type="cisco_ios",
        host=device["host"],
        port=device["port"],
        username=device["username"],
        password=device["password"],
        secret=device["enableSecret"],
        timeout=60,
        banner_timeout=30,
        auth_timeout=30,
        fast_cli=os.environ.get("LAB_FAST_CLI", "0") == "1",
    )
    try:
        conn.enable()
        return {command: conn.send_command(command) for command in commands}
    finally:
        conn.disconnect()


def attempt(device):
    try:
        return device["name"], collect(device), None
    except Exception as error:  # one device's failure is that device's, never the fleet's
        return device["name"], None, f"{type(error).__name__}: {error}"


with ThreadPoolExecutor(max_workers=workers) as pool:
    results = list(pool.map(attempt, devices))

failed = [{"host": name, "error": error} for name, _, error in results if error]
chars = sum(len(text) for _, outputs, _ in results if outputs for text in outputs.values())
json.dump({"hosts": len(results), "ok": len(results) - len(failed), "failed": failed, "chars": chars}, sys.stdout)
sys.stdout.write("\n")
