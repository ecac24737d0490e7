import re

from flask import Flask, jsonify, request

app = Flask(__name__)

EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
NESTED_RE = re.compile(r"^(\w+\s?)*$")
SKU_RE = re.compile(r"^[A-Z]{3}-\d{4}$")


@app.get("/filter")
def filter_lines():
    pattern = request.args.get("pattern", "")
    lines = open("/srv/data/catalog.txt").read().splitlines()
    rx = re.compile(pattern)
    return jsonify([l for l in lines if rx.search(l)])


@app.get("/filter/literal")
def filter_literal():
    needle = re.escape(request.args.get("needle", ""))
    rx = re.compile(needle, re.IGNORECASE)
    lines = open("/srv/data/catalog.txt").read().splitlines()
    return jsonify([l for l in lines if rx.search(l)])


@app.post("/profile/headline")
def headline():
    text = request.get_json()["headline"]
    ok = NESTED_RE.match(text) is not None
    return jsonify(valid=ok)


@app.post("/profile/email")
def email():
    value = request.get_json()["email"][:254]
    return jsonify(valid=bool(EMAIL_RE.match(value)))
