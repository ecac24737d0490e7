import base64
import pickle
from flask import Flask, request

app = Flask(__name__)

def load_cart(raw):
    return pickle.loads(base64.b64decode(raw))

@app.route("/cart")
def cart():
    return {"items": load_cart(request.cookies.get("cart", ""))}
