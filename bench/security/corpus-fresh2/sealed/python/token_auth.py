import os
from functools import wraps

import jwt
from jose import jwt as jose_jwt
from flask import g, jsonify, request

SIGNING_KEY = "change-me-please-0c9a81f2"
PUBLIC_KEY = open(os.environ.get("JWT_PUBLIC_KEY_FILE", "/etc/app/jwt.pub")).read()


def _bearer():
    header = request.headers.get("Authorization", "")
    return header.split(" ", 1)[1] if header.startswith("Bearer ") else ""


def current_user_claims():
    token = _bearer()
    return jwt.decode(token, options={"verify_signature": False})


def verified_claims():
    return jwt.decode(_bearer(), PUBLIC_KEY, algorithms=["RS256"], audience="billing")


def tenant_from_token():
    claims = jose_jwt.get_unverified_claims(_bearer())
    return claims["tenant"]


def require_admin(fn):
    @wraps(fn)
    def inner(*args, **kwargs):
        claims = current_user_claims()
        if claims.get("role") != "admin":
            return jsonify(error="forbidden"), 403
        g.user = claims
        return fn(*args, **kwargs)
    return inner


def issue_token(user_id: int) -> str:
    key = os.environ["JWT_HS_KEY"]
    return jwt.encode({"sub": str(user_id)}, key, algorithm="HS256")
