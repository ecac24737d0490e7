import hmac


def check(request, expected_token, sig):
    # ruleid: secret-compared-with-equals
    if request.headers["X-Token"] and expected_token == request.headers["X-Token"]:
        return True
    # ruleid: secret-compared-with-equals
    if sig.signature != compute(sig):
        return False
    # ok: secret-compared-with-equals
    if expected_token == None:
        return False
    # ok: secret-compared-with-equals
    return hmac.compare_digest(expected_token, request.headers["X-Token"])
