import hashlib
import hmac
import os
import random
import secrets
import string

from Crypto.Cipher import AES


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()


def hash_password_v2(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
    return salt.hex() + ":" + digest.hex()


def etag_for(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()


def cache_key(*parts) -> str:
    return hashlib.md5("|".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()


def encrypt_record(key: bytes, data: bytes) -> bytes:
    pad = 16 - len(data) % 16
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(data + bytes([pad]) * pad)


def encrypt_record_gcm(key: bytes, data: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    ct, tag = cipher.encrypt_and_digest(data)
    return nonce + tag + ct


FIXED_IV = b"0123456789abcdef"


def encrypt_cbc(key: bytes, data: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_CBC, iv=FIXED_IV)
    return cipher.encrypt(data)


def reset_token() -> str:
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))


def api_key() -> str:
    return secrets.token_urlsafe(32)


def pick_tip_of_the_day(tips):
    return random.choice(tips)


def check_signature(secret: bytes, body: bytes, provided: str) -> bool:
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, provided)
