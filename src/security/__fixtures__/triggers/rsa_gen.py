from Crypto.PublicKey.RSA import generate
key = generate(1024)
