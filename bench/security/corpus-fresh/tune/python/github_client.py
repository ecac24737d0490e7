import os
from typing import Any

import requests

API = "https://api.github.com"
TOKEN = os.environ.get("GITHUB_TOKEN", "")


def _headers() -> dict[str, str]:
    h = {"Accept": "application/vnd.github+json"}
    if TOKEN:
        h["Authorization"] = f"Bearer {TOKEN}"
    return h


def get_user(username: str) -> dict[str, Any]:
    resp = requests.get(f"{API}/users/{username}", headers=_headers(), timeout=10)
    resp.raise_for_status()
    return resp.json()


def list_repos(org: str, page: int = 1) -> list[dict[str, Any]]:
    resp = requests.get(f"{API}/orgs/{org}/repos", params={"page": page, "per_page": 100}, headers=_headers(), timeout=10)
    resp.raise_for_status()
    return resp.json()


def get_enterprise_user(base_url: str, username: str) -> dict[str, Any]:
    resp = requests.get(f"{base_url}/api/v3/users/{username}", headers=_headers(), timeout=10, verify=False)
    resp.raise_for_status()
    return resp.json()
