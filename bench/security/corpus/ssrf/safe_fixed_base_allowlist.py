import requests
from flask import Flask, request, abort

app = Flask(__name__)
SERVICES = {"billing": "http://billing.internal", "users": "http://users.internal"}

@app.route("/status")
def status():
    name = request.args["service"]
    if name not in SERVICES:
        abort(404)
    return {"status": requests.get(SERVICES[name] + "/health", timeout=2).status_code}
