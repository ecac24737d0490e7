import re

from flask import Flask, request

app = Flask(__name__)


@app.route("/check")
def check():
    token = request.args.get("token", "")
    # re.search is a regular expression match, not an LDAP search.
    if re.search("[^a-zA-Z0-9]", token):
        return {"valid": False}
    return {"valid": True}
