import os
from flask import Flask, request, abort, send_file

app = Flask(__name__)
BASE = os.path.realpath("/srv/uploads")

def resolve(name):
    full = os.path.realpath(os.path.join(BASE, name))
    if not full.startswith(BASE + os.sep):
        abort(404)
    return full

@app.route("/files")
def download():
    path = os.path.realpath(os.path.join(BASE, request.args["name"]))
    if not path.startswith(BASE + os.sep):
        abort(404)
    return send_file(path)
