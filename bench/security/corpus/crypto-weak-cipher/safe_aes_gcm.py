from cryptography.hazmat.primitives.ciphers.aead import AESGCM
import os

def encrypt_record(key, record):
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, record.encode(), None)
