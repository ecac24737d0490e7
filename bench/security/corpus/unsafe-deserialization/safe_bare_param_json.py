import base64
import json


def restore_cart(encoded):
    return json.loads(base64.b64decode(encoded))
