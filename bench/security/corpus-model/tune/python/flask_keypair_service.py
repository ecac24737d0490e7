from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, jsonify

app = Flask(__name__)


def generate_keypair():
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    public_pem = private_key.public_key().public_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    return private_key, public_pem


@app.route("/api/keys", methods=["POST"])
def create_key():
    _, public_pem = generate_keypair()
    return jsonify({"public_key": public_pem.decode()})
