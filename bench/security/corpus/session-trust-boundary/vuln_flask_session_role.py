from flask import Flask, request, session

app = Flask(__name__)

@app.route("/switch", methods=["POST"])
def switch():
    session["account"] = request.form["account"]
    return "ok"
