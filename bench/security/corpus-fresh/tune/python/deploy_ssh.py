import logging
import os

import paramiko

log = logging.getLogger("deploy")


def run_remote(host: str, command: str, user: str = "deploy") -> str:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username=user, key_filename=os.path.expanduser("~/.ssh/id_ed25519"))
    try:
        _, stdout, stderr = client.exec_command(command)
        err = stderr.read().decode()
        if err:
            log.warning("stderr from %s: %s", host, err)
        return stdout.read().decode()
    finally:
        client.close()


def run_remote_pinned(host: str, command: str, user: str = "deploy") -> str:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=user)
    try:
        _, stdout, _ = client.exec_command(command)
        return stdout.read().decode()
    finally:
        client.close()
