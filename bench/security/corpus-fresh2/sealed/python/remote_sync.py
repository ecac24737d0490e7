import os
import ssl
import urllib.request

import paramiko
import requests


def open_sftp(host: str, user: str, key_path: str) -> paramiko.SFTPClient:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username=user, key_filename=key_path)
    return client.open_sftp()


def open_sftp_strict(host: str, user: str, key_path: str) -> paramiko.SFTPClient:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=user, key_filename=key_path)
    return client.open_sftp()


def push_metrics(payload: dict) -> int:
    resp = requests.post("https://metrics.example.net/ingest", json=payload, verify=False)
    return resp.status_code


def push_metrics_internal_ca(payload: dict) -> int:
    resp = requests.post("https://metrics.example.net/ingest", json=payload, verify="/etc/ssl/internal-ca.pem")
    return resp.status_code


def download_manifest(url_path: str) -> bytes:
    ctx = ssl._create_unverified_context()
    with urllib.request.urlopen("https://mirror.example.net/" + url_path, context=ctx) as fh:
        return fh.read()


def download_manifest_verified(url_path: str) -> bytes:
    ctx = ssl.create_default_context()
    ctx.check_hostname = True
    with urllib.request.urlopen("https://mirror.example.net/" + url_path, context=ctx) as fh:
        return fh.read()


class LegacyMirror:
    def __init__(self):
        self.session = requests.Session()
        self.session.verify = os.environ.get("MIRROR_VERIFY", "1") == "0"
