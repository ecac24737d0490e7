import os
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

def encryptor(key):
    iv = os.urandom(16)
    return iv, Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
