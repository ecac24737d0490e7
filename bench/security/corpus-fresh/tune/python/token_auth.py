import os
import time

import jwt

JWT_SECRET = os.environ["JWT_SECRET"]
ISSUER = "accounts.example.org"


def issue_token(user_id: int) -> str:
    now = int(time.time())
    return jwt.encode({"sub": str(user_id), "iat": now, "exp": now + 3600, "iss": ISSUER}, JWT_SECRET, algorithm="HS256")


def verify_token(token: str) -> dict:
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], issuer=ISSUER)


def user_from_token(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def peek_expiry(token: str) -> int:
    header = jwt.get_unverified_header(token)
    return header.get("exp", 0)


def verify_partner_token(token: str, partner_key: str) -> dict:
    return jwt.decode(token, partner_key, algorithms=["HS256", "none"])
