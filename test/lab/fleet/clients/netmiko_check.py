"""Drives one lab device with Netmiko the way an operator's script would; prints a JSON summary.

Reads host, port, username, password and secret from the environment (LAB_HOST, LAB_PORT, LAB_USERNAME,
LAB_PASSWORD, LAB_SECRET) so no password appears on a command line. Set NETMIKO_DEBUG_LOG to a file path to
get Paramiko/Netmiko's debug log there. LAB_FAST_CLI=0 runs at Netmiko's default (slower, more patient) pace.
"""
import json
import logging
import os
import sys

from netmiko import ConnectHandler

if os.environ.get("NETMIKO_DEBUG_LOG"):
    logging.basicConfig(filename=os.environ["NETMIKO_DEBUG_LOG"], level=logging.DEBUG)

device = {
    "device_type": "cisco_ios",
    "host": os.environ.get("LAB_HOST", "127.0.0.1"),
    "port": int(os.environ["LAB_PORT"]),
    "username": os.environ["LAB_USERNAME"],
    "password": os.environ["LAB_PASSWORD"],
    "secret": os.environ["LAB_SECRET"],
    "timeout": 20,
    "banner_timeout": 15,
    "auth_timeout": 15,
    "fast_cli": os.environ.get("LAB_FAST_CLI", "1") == "1",
}

conn = ConnectHandler(**device)
try:
    conn.enable()
    prompt = conn.find_prompt()
    version = conn.send_command("show version")
    config = conn.send_config_set(["interface Loopback100", "description warroom lab netmiko"])
    saved = conn.save_config()
    running = conn.send_command("show running-config")
finally:
    conn.disconnect()

json.dump(
    {"prompt": prompt, "version": version, "config": config, "saved": saved, "running": running},
    sys.stdout,
)
