import requests
from urllib.parse import quote
from flask import Flask, request

app = Flask(__name__)

@app.route("/user")
def user():
    name = quote(request.args["name"], safe="")
    return requests.get("https://api.github.com/users/" + name, timeout=5).json()
