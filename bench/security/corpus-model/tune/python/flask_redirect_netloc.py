from urllib.parse import urlparse

from flask import Flask, redirect, request

app = Flask(__name__)
ALLOWED_HOSTS = {"example.com", "www.example.com", "shop.example.com"}


@app.route("/go")
def go():
    url = request.args.get("url", "/")
    if urlparse(url).netloc in ALLOWED_HOSTS:
        return redirect(url)
    return redirect("/")
