import base64
import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/random", methods=["POST"])
def random_bytes():
    size = int(request.form.get("size", 32))
    data = os.urandom(size)
    return jsonify({"data": base64.b64encode(data).decode()})
