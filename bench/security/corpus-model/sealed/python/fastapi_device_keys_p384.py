from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

app = FastAPI()


@app.post("/devices/{device_id}/keys")
def create_device_key(device_id: int):
    private_key = ec.generate_private_key(ec.SECP384R1())
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return {"device_id": device_id, "public_key": public_pem.decode()}
