import requests


def fetch_status(host):
    response = requests.get("http://" + host + "/status", timeout=5)
    return response.json()
