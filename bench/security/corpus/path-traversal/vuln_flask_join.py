import os
from flask import Flask, request, send_file

app = Flask(__name__)
UPLOADS = "/srv/uploads"

def user_file(name):
    return os.path.join(UPLOADS, name)

@app.route("/files")
def download():
    return send_file(user_file(request.args["name"]))
