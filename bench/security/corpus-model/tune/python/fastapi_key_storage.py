import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from fastapi import FastAPI

app = FastAPI()
KEY_DIR = Path("/var/lib/signer")


@app.post("/keys/rotate")
def rotate_key():
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    KEY_DIR.mkdir(parents=True, exist_ok=True)
    key_path = KEY_DIR / "signing_key.pem"
    key_path.write_bytes(pem)
    os.chmod(key_path, 0o666)
    return {"status": "rotated"}
