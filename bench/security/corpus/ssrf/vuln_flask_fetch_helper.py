import requests
from flask import Flask, request

app = Flask(__name__)

def fetch(url):
    return requests.get(url, timeout=5).text

@app.route("/preview")
def preview():
    return {"html": fetch(request.args["url"])[:500]}
