import hashlib

def sign(payload, secret):
    return hashlib.new("sha1", (secret + payload).encode()).hexdigest()
