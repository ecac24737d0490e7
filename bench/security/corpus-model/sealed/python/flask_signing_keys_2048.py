from Crypto.Hash import SHA256
from Crypto.PublicKey import RSA
from Crypto.Signature import pkcs1_15
from flask import Flask, jsonify, request

app = Flask(__name__)
key = RSA.generate(2048)


@app.route("/sign", methods=["POST"])
def sign():
    digest = SHA256.new(request.get_data())
    signature = pkcs1_15.new(key).sign(digest)
    return jsonify({"signature": signature.hex()})
