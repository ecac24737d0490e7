from Crypto.Cipher import AES

def make_cipher(key, mode):
    return AES.new(key, mode, IV=b"0123456789abcdef")
