import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

import httpx
import requests

WEATHER_API = "https://api.weather.example.net/v1"


def fetch_remote_json(url: str) -> dict:
    """Fetch JSON from the given URL and return it as a dict."""
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return response.json()


def fetch_forecast(city: str) -> dict:
    resp = httpx.get(f"{WEATHER_API}/forecast", params={"city": city}, timeout=10)
    return resp.json()


def _is_public(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return all(ipaddress.ip_address(i[4][0]).is_global for i in infos)


def fetch_feed(url: str) -> bytes:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or not _is_public(parts.hostname):
        raise ValueError("feed URL not allowed")
    with httpx.Client(follow_redirects=False, timeout=10) as client:
        return client.get(url).content


def fetch_legacy(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read()
