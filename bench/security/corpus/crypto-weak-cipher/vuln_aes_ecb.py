from Crypto.Cipher import AES

def encrypt_record(key, record):
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(record.ljust(32).encode())
