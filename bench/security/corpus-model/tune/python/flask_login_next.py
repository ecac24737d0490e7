from flask import Flask, redirect, render_template, request, session
from werkzeug.security import check_password_hash

from .models import User

app = Flask(__name__)


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        user = User.query.filter_by(username=request.form["username"]).first()
        if user and check_password_hash(user.password_hash, request.form["password"]):
            session["user_id"] = user.id
            next_url = request.args.get("next") or "/"
            return redirect(next_url)
        return render_template("login.html", error="Invalid login")
    return render_template("login.html")
