from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    # A redirect response is no HTML page made of the user's text.
    user = request.form.get("user", "")
    return redirect(url_for("welcome", name=user))
