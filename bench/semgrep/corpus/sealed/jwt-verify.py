import jwt


def claims(token, key):
    # ruleid: jwt-decode-without-verify
    a = jwt.decode(token, verify=False)
    # ruleid: jwt-decode-without-verify
    b = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": True, "verify_signature": False})
    # ok: jwt-decode-without-verify
    c = jwt.decode(token, key, algorithms=["HS256"])
    # ok: jwt-decode-without-verify
    d = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
    return a, b, c, d
