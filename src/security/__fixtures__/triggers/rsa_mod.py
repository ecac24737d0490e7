import Crypto.PublicKey.RSA as R
key = R.generate(1024)
