from flask import Flask, request, jsonify
import sqlite3

app = Flask(__name__)

def get_db():
    return sqlite3.connect("shop.db")

def fetch_products(db, category):
    return db.execute("SELECT id, name, price FROM products WHERE category = ?", (category,)).fetchall()

@app.route("/products")
def products():
    category = request.args.get("category", "all")
    return jsonify(fetch_products(get_db(), category))
