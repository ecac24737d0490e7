import re

from flask import Flask, redirect, request

app = Flask(__name__)

# only allow redirects to example.com and its subdomains
rv = re.compile(r"^https?://([a-zA-Z0-9-]+\.)*example\.com(/.*)?$")


@app.route("/redirect")
def redirect_to_target():
    target = request.args.get("target", "")
    if rv.match(target):
        return redirect(target)
    return redirect("/")
