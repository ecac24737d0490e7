import base64
import os

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
MAX_SIZE = 1024


@app.route("/api/random", methods=["POST"])
def random_bytes():
    size = int(request.form.get("size", 32))
    if size < 1 or size > MAX_SIZE:
        abort(400, "size out of range")
    data = os.urandom(size)
    return jsonify({"data": base64.b64encode(data).decode()})
