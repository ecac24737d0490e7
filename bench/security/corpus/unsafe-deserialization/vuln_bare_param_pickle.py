import base64
import pickle


def restore_cart(encoded):
    return pickle.loads(base64.b64decode(encoded))
