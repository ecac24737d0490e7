import requests
from flask import Flask, jsonify, request

app = Flask(__name__)

session = requests.Session()
session.verify = False
session.headers.update({"User-Agent": "weather-proxy/1.0"})

WEATHER_API = "https://weather.internal.example.com/v1/current"


@app.route("/weather")
def weather():
    city = request.args.get("city", "London")
    resp = session.get(WEATHER_API, params={"city": city}, timeout=5)
    return jsonify(resp.json())
