#!/usr/bin/python3
"""Ansible dynamic inventory for lab devices: group `lab`, every login from the environment.

LAB_DEVICES (a JSON list of {"name", "host", "port", "username", "password", "secret"}) lists several
devices; without it one device `lab-device` comes from LAB_HOST, LAB_PORT, LAB_USERNAME, LAB_PASSWORD and
LAB_SECRET. Nothing is written to disk.
"""
import json
import os
import sys

COMMON = {
    "ansible_connection": "ansible.netcommon.network_cli",
    "ansible_network_os": "cisco.ios.ios",
    "ansible_network_cli_ssh_type": "paramiko",
    "ansible_become": True,
    "ansible_become_method": "enable",
}


def devices():
    if os.environ.get("LAB_DEVICES"):
        return json.loads(os.environ["LAB_DEVICES"])
    return [
        {
            "name": "lab-device",
            "host": os.environ.get("LAB_HOST", "127.0.0.1"),
            "port": os.environ["LAB_PORT"],
            "username": os.environ["LAB_USERNAME"],
            "password": os.environ["LAB_PASSWORD"],
            "secret": os.environ["LAB_SECRET"],
        }
    ]


def inventory():
    hostvars = {}
    for d in devices():
        hostvars[d["name"]] = dict(
            COMMON,
            ansible_host=d.get("host", "127.0.0.1"),
            ansible_port=int(d["port"]),
            ansible_user=d["username"],
            ansible_password=d["password"],
            ansible_become_password=d["secret"],
        )
    return {"lab": {"hosts": sorted(hostvars)}, "_meta": {"hostvars": hostvars}}


if len(sys.argv) > 1 and sys.argv[1] == "--host":
    json.dump({}, sys.stdout)
else:
    json.dump(inventory(), sys.stdout)
