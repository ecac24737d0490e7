import sqlite3

from flask import Flask, redirect, render_template, request

app = Flask(__name__)


def get_db():
    conn = sqlite3.connect("app.db")
    return conn


@app.route("/register", methods=["GET", "POST"])
def register():
    if request.method == "POST":
        username = request.form["username"]
        password = request.form["password"]
        email = request.form["email"]
        db = get_db()
        cursor = db.cursor()
        cursor.execute(
            "INSERT INTO users (username, password, email) VALUES (?, ?, ?)",
            (username, password, email),
        )
        db.commit()
        db.close()
        return redirect("/login")
    return render_template("register.html")
