import hashlib
import hmac
import os

from fastapi import FastAPI
from pydantic import BaseModel

from .db import save_credentials

app = FastAPI()
ITERATIONS = 310_000


class Registration(BaseModel):
    username: str
    password: str


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${salt.hex()}${digest.hex()}"


@app.post("/register")
def register(reg: Registration):
    save_credentials(reg.username, hash_password(reg.password))
    return {"registered": reg.username}
