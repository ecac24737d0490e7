import hashlib


def derive(password, salt, rounds):
    # ruleid: pbkdf2-few-iterations
    weak = hashlib.pbkdf2_hmac("sha256", password, salt, 1000)
    # ok: pbkdf2-few-iterations
    strong = hashlib.pbkdf2_hmac("sha256", password, salt, 600000)
    # ok: pbkdf2-few-iterations
    unknown = hashlib.pbkdf2_hmac("sha256", password, salt, rounds)
    # ruleid: pbkdf2-few-iterations
    short = hashlib.pbkdf2_hmac("sha1", password, salt, 10_000, dklen=16)
    return weak, strong, unknown, short
