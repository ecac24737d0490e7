from flask import Flask, redirect, request, url_for
from django.utils.http import url_has_allowed_host_and_scheme

app = Flask(__name__)


@app.route("/login1")
def login1():
    next_url = request.args.get("next")
    if not next_url or not url_has_allowed_host_and_scheme(next_url, allowed_hosts={"example.com"}):
        next_url = url_for("index")
    return redirect(next_url)


@app.route("/login2")
def login2():
    next_url = request.args.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={"example.com"}):
        return redirect(next_url)
    return redirect(url_for("index"))


@app.route("/login3")
def login3():
    next_url = request.args.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={"example.com"}):
        next_url = "/"
    return redirect(next_url)


@app.route("/login4")
def login4():
    next_url = request.args.get("next", "")
    if next_url and not url_has_allowed_host_and_scheme(next_url, allowed_hosts={"example.com"}):
        next_url = "/"
    return redirect(next_url)
