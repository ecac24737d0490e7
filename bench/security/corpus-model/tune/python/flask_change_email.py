from functools import wraps
from flask import Flask, request, redirect, session
import os
import sqlite3

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]


def get_db():
    return sqlite3.connect("users.db")


def ensure_logged_in(f):
    @wraps(f)
    def decorated_function(*args, **kws):
        if session.get("username") is None:
            return redirect("/login")
        return f(*args, **kws)
    return decorated_function


@app.route("/")
def index():
    return '<html>Hello! <a href="./login">Login here</a></html>'


@app.route("/settings")
@ensure_logged_in
def settings():
    return "<html>Secret settings</html>"


# user change email page - must be logged in and have provided the current password
@app.route("/change_email", methods=["POST"])
def change_email():
    old_email = request.form["old_email"]
    new_email = request.form["new_email"]
    confirm_password = request.form["confirm_password"]
    username = session.get("username")
    db = get_db()
    cur = db.cursor()
    cur.execute("SELECT password FROM users WHERE username = ? AND email = ?", (username, old_email))
    row = cur.fetchone()
    if row is None:
        return "Incorrect email"
    cur.execute("UPDATE users SET email = ? WHERE username = ?", (new_email, username))
    db.commit()
    db.close()
    return redirect("/settings")
