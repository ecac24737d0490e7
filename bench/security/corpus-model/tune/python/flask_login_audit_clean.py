from flask import Flask, request, session, redirect, render_template
from werkzeug.security import check_password_hash

from .models import User

app = Flask(__name__)


def clean_for_log(value):
    return value.replace("\r", "").replace("\n", "")


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html")
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    user = User.query.filter_by(username=username).first()
    if user is None or not check_password_hash(user.password_hash, password):
        app.logger.warning("Failed login attempt for user: %s", clean_for_log(username))
        return render_template("login.html", error="Invalid credentials"), 401
    session["user_id"] = user.id
    app.logger.info("User id %d logged in", user.id)
    return redirect("/")
