from Crypto.Cipher import AES

IV = b"1234567890abcdef"

def encrypt(key, data):
    return AES.new(key, AES.MODE_CBC, IV).encrypt(data)
