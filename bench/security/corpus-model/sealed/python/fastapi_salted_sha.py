import hashlib
import os

from fastapi import FastAPI
from pydantic import BaseModel

from .db import save_credentials

app = FastAPI()


class Registration(BaseModel):
    username: str
    password: str


def hash_password(password: str) -> str:
    salt = os.urandom(16).hex()
    digest = hashlib.sha256((salt + password).encode("utf-8")).hexdigest()
    return f"{salt}${digest}"


@app.post("/register")
def register(reg: Registration):
    save_credentials(reg.username, hash_password(reg.password))
    return {"registered": reg.username}
