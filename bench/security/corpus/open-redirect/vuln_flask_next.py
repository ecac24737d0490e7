from flask import Flask, request, redirect

app = Flask(__name__)

def after_login_target():
    return request.args.get("next") or "/"

@app.route("/login", methods=["POST"])
def login():
    return redirect(after_login_target())
