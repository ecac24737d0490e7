import os

import paramiko
import requests

BACKUP_HOST = os.environ.get("BACKUP_HOST", "backup.internal")
CA_BUNDLE = "/etc/ssl/certs/internal-ca.pem"


def upload_backup(local_path: str) -> None:
    ssh = paramiko.SSHClient()
    ssh.set_missing_host_key_policy(paramiko.WarningPolicy())
    ssh.connect(BACKUP_HOST, username="backup")
    with ssh.open_sftp() as sftp:
        sftp.put(local_path, f"/backups/{os.path.basename(local_path)}")
    ssh.close()


def upload_backup_known_hosts(local_path: str) -> None:
    ssh = paramiko.SSHClient()
    ssh.load_host_keys(os.path.expanduser("~/.ssh/known_hosts"))
    ssh.connect(BACKUP_HOST, username="backup")
    with ssh.open_sftp() as sftp:
        sftp.put(local_path, f"/backups/{os.path.basename(local_path)}")
    ssh.close()


def report_backup(status: str) -> None:
    requests.post("https://backup-monitor.internal/api/report", json={"status": status}, verify=False, timeout=5)


def report_backup_ca(status: str) -> None:
    requests.post("https://backup-monitor.internal/api/report", json={"status": status}, verify=CA_BUNDLE, timeout=5)
