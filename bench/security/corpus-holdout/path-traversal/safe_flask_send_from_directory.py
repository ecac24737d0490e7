from flask import Flask, request, send_from_directory

app = Flask(__name__)

@app.route("/avatars")
def avatar():
    return send_from_directory("/srv/avatars", request.args["name"])
