import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products")
def products():
    category = request.args.get("category", "")
    conn = sqlite3.connect("catalog.db")
    cursor = conn.cursor()
    cursor.execute("SELECT id, name, price FROM products WHERE category = '" + category + "' ORDER BY price")
    rows = cursor.fetchall()
    conn.close()
    return jsonify([{"id": r[0], "name": r[1], "price": r[2]} for r in rows])
