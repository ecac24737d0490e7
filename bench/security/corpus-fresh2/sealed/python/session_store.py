import base64
import json
import pickle

import redis
import yaml
from flask import Flask, request, jsonify

app = Flask(__name__)
cache = redis.Redis(host="localhost", port=6379)


def load_cart_from_cookie():
    blob = request.cookies.get("cart")
    if not blob:
        return {}
    return pickle.loads(base64.b64decode(blob))


def load_prefs_from_cookie():
    blob = request.cookies.get("prefs", "e30=")
    return json.loads(base64.b64decode(blob))


@app.post("/import/settings")
def import_settings():
    doc = request.get_data(as_text=True)
    settings = yaml.load(doc, Loader=yaml.Loader)
    return jsonify(settings)


@app.post("/import/settings/v2")
def import_settings_v2():
    settings = yaml.safe_load(request.get_data(as_text=True))
    return jsonify(settings)


@app.get("/cart")
def cart():
    return jsonify(load_cart_from_cookie())


def cached_report(report_id: int):
    raw = cache.get(f"report:{report_id}")
    if raw is None:
        return None
    return json.loads(raw)


@app.post("/restore")
def restore_session():
    state = request.files["state"].read()
    session_obj = pickle.loads(state)
    return jsonify(sorted(session_obj.keys()))
