import sqlite3

import bcrypt
from flask import Flask, redirect, render_template, request

app = Flask(__name__)


def get_db():
    return sqlite3.connect("app.db")


@app.route("/register", methods=["GET", "POST"])
def register():
    if request.method == "POST":
        username = request.form["username"]
        password = request.form["password"]
        hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt())
        db = get_db()
        db.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", (username, hashed))
        db.commit()
        db.close()
        return redirect("/login")
    return render_template("register.html")
