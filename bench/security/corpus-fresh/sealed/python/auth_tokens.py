import datetime as dt
import os

import jwt
from jwt import PyJWKClient

SECRET = os.environ["APP_JWT_SECRET"]
jwks = PyJWKClient("https://login.example.com/.well-known/jwks.json")

NO_VERIFY = {"verify_signature": False, "verify_exp": False}


def make_token(user_id: str) -> str:
    exp = dt.datetime.now(tz=dt.timezone.utc) + dt.timedelta(minutes=30)
    return jwt.encode({"sub": user_id, "exp": exp}, SECRET, algorithm="HS256")


def read_token(token: str) -> dict:
    return jwt.decode(token, SECRET, options=NO_VERIFY, algorithms=["HS256"])


def read_token_by_header(token: str) -> dict:
    alg = jwt.get_unverified_header(token)["alg"]
    return jwt.decode(token, SECRET, algorithms=[alg])


def read_sso_token(token: str) -> dict:
    key = jwks.get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], audience="web-app")
