import sqlite3

from flask import Flask, request

app = Flask(__name__)


class Lookup:
    def load(self):
        self.raw = request.args.get("user", "")
        self.user = self.raw.strip()

    def run(self):
        db = sqlite3.connect("app.db")
        return db.execute(f"SELECT * FROM users WHERE name = '{self.user}'").fetchall()


@app.route("/user")
def user():
    lookup = Lookup()
    lookup.load()
    return {"rows": lookup.run()}
