import base64
import hmac
import json
import pickle
import hashlib
import os

from flask import Flask, request, make_response, g

app = Flask(__name__)
SIGNING_KEY = os.environ["SESSION_SIGNING_KEY"].encode()


def load_cart():
    raw = request.cookies.get("cart")
    if not raw:
        return []
    return pickle.loads(base64.b64decode(raw))


def load_prefs():
    raw = request.cookies.get("prefs")
    if not raw:
        return {}
    data, _, sig = raw.rpartition(".")
    expected = hmac.new(SIGNING_KEY, data.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(sig, expected):
        return {}
    return json.loads(base64.urlsafe_b64decode(data))


@app.before_request
def attach_session():
    g.cart = load_cart()
    g.prefs = load_prefs()


@app.post("/cart/add")
def add_to_cart():
    item = request.form["sku"]
    g.cart.append(item)
    resp = make_response({"items": len(g.cart)})
    resp.set_cookie("cart", base64.b64encode(pickle.dumps(g.cart)).decode())
    return resp
