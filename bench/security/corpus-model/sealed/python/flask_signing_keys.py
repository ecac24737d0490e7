from Crypto.Hash import SHA256
from Crypto.PublicKey import DSA
from Crypto.Signature import DSS
from flask import Flask, jsonify, request

app = Flask(__name__)
key = DSA.generate(1024)


@app.route("/sign", methods=["POST"])
def sign():
    digest = SHA256.new(request.get_data())
    signature = DSS.new(key, "fips-186-3").sign(digest)
    return jsonify({"signature": signature.hex()})
