"""Drives lab devices with Netmiko the way an operator's script would; prints a JSON summary.

One device from the environment (LAB_HOST, LAB_PORT, LAB_USERNAME, LAB_PASSWORD, LAB_SECRET), or several from
LAB_DEVICES: a JSON list of {"name", "host", "port", "username", "password", "secret", "ping"}. Logins come
from the environment so no password appears on a command line. Every device gets every command of the
deeper pre/post checks through send_command, a ping, a send_config_set and a save_config; the devices
(and a few sessions per device) run side by side. Set NETMIKO_DEBUG_LOG to a file path to get
Paramiko/Netmiko's debug log there. Netmiko runs at its default, patient pace; LAB_FAST_CLI=1 turns on
its fast_cli, which races a busy device (a loaded machine's lab) and can capture the wrong text.
"""
import json
import logging
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

from netmiko import ConnectHandler

if os.environ.get("NETMIKO_DEBUG_LOG"):
    logging.basicConfig(filename=os.environ["NETMIKO_DEBUG_LOG"], level=logging.DEBUG)

COMMANDS = [
    "show version",
    "show interfaces",
    "show ip interface",
    "show ip interface brief",
    "show ip route",
    "show ip route summary",
    "show cdp neighbors detail",
    "show lldp neighbors detail",
    "show standby",
    "show ip ospf neighbor",
    "show environment",
    "show env all",
    "show module",
    "show switch virtual",
    "show vlan brief",
    "show spanning-tree summary",
    "show license summary",
    "show memory statistics",
    "show ip ssh",
    "show install state",
    "show install summary",
    "show users",
    "show bgp summary",
    "show redundancy",
    "show inventory",
    "show logging",
]


def connect(device):
    return ConnectHandler(
        device_type="cisco_ios",
        host=device.get("host", "127.0.0.1"),
        port=int(device["port"]),
        username=device["username"],
        password=device["password"],
        secret=device["secret"],
        timeout=30,
        banner_timeout=20,
        auth_timeout=20,
        fast_cli=os.environ.get("LAB_FAST_CLI", "0") == "1",
    )


def show_commands(device, commands):
    """One session sending `commands` with send_command; returns {command: output}.

    The prompt is found once and each command waits for it (expect_string): Netmiko's default finds the
    prompt again before every command, which a busy device can answer late and confuse.
    """
    conn = connect(device)
    try:
        conn.enable()
        prompt = re.escape(conn.find_prompt())
        return {command: conn.send_command(command, expect_string=prompt) for command in commands}
    finally:
        conn.disconnect()


def change_config(device):
    """One session: the prompt, a ping, a config set, a save, and the change read back."""
    conn = connect(device)
    try:
        conn.enable()
        result = {"prompt": conn.find_prompt(), "commands": {}}
        prompt = re.escape(result["prompt"])
        if device.get("ping"):
            result["commands"]["ping"] = conn.send_command("ping " + device["ping"], expect_string=prompt)
        result["config"] = conn.send_config_set(["interface Loopback100", "description warroom lab netmiko"])
        result["saved"] = conn.save_config()
        result["running"] = conn.send_command("show running-config interface Loopback100", expect_string=prompt)
        result["commands"]["show running-config interface Loopback100"] = result["running"]
        return result
    finally:
        conn.disconnect()


def main():
    if os.environ.get("LAB_DEVICES"):
        devices = json.loads(os.environ["LAB_DEVICES"])
    else:
        devices = [
            {
                "name": "lab-device",
                "host": os.environ.get("LAB_HOST", "127.0.0.1"),
                "port": os.environ["LAB_PORT"],
                "username": os.environ["LAB_USERNAME"],
                "password": os.environ["LAB_PASSWORD"],
                "secret": os.environ["LAB_SECRET"],
                "ping": os.environ.get("LAB_PING"),
            }
        ]
    # Each device takes SESSIONS sessions at once (vty lines are plenty): a third of the commands each, plus
    # one that changes the configuration. Netmiko's default pace is patient, so this keeps the wall time down.
    sessions = 3
    with ThreadPoolExecutor(max_workers=len(devices) * (sessions + 1)) as pool:
        shows = [
            [pool.submit(show_commands, d, COMMANDS[i::sessions]) for i in range(sessions)] for d in devices
        ]
        changes = [pool.submit(change_config, d) for d in devices]
        results = {}
        for d, parts, change in zip(devices, shows, changes):
            result = change.result()
            for part in parts:
                result["commands"].update(part.result())
            result["version"] = result["commands"]["show version"]
            results[d["name"]] = result
    json.dump(results, sys.stdout)


main()
