import secrets

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/coupons/generate")
def generate_coupons():
    # generate the requested number of coupon codes
    count = int(request.args.get("count", 1))
    codes = [secrets.token_urlsafe(8) for _ in range(count)]
    return jsonify({"codes": codes})
