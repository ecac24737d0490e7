import os

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)

session = requests.Session()
session.verify = os.environ.get("INTERNAL_CA_BUNDLE", "/etc/ssl/certs/internal-ca.pem")

WEATHER_API = "https://weather.internal.example.com/v1/current"


@app.route("/weather")
def weather():
    city = request.args.get("city", "London")
    resp = session.get(WEATHER_API, params={"city": city}, timeout=5)
    resp.raise_for_status()
    return jsonify(resp.json())
