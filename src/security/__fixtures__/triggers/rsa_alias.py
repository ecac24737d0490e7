from Crypto.PublicKey import RSA as rsa
key = rsa.generate(1024)
