from flask import Flask, request, abort
import sqlite3

app = Flask(__name__)
SORTABLE = ("name", "price", "created")

@app.route("/items")
def items():
    sort = request.args.get("sort", "name")
    if sort not in SORTABLE:
        abort(400)
    db = sqlite3.connect("shop.db")
    return {"items": db.execute("SELECT * FROM items ORDER BY " + sort).fetchall()}
