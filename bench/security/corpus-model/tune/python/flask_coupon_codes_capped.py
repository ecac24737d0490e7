import secrets

from flask import Flask, jsonify, request

app = Flask(__name__)
MAX_COUPONS = 100


@app.route("/coupons/generate")
def generate_coupons():
    count = request.args.get("count", default=1, type=int)
    count = max(1, min(count, MAX_COUPONS))
    codes = [secrets.token_urlsafe(8) for _ in range(count)]
    return jsonify({"codes": codes})
