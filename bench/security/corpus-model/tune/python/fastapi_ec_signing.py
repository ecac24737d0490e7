from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
private_key = ec.generate_private_key(ec.SECP256R1())


class Message(BaseModel):
    text: str


@app.post("/sign")
def sign(message: Message):
    signature = private_key.sign(message.text.encode(), ec.ECDSA(hashes.SHA256()))
    return {"signature": signature.hex()}


@app.get("/public-key")
def public_key():
    pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return {"pem": pem.decode()}
