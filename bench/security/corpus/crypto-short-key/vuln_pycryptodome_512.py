from Crypto.PublicKey import RSA

KEY = RSA.generate(512)
