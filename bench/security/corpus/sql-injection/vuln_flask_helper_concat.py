from flask import Flask, request, jsonify
import sqlite3

app = Flask(__name__)

def get_db():
    return sqlite3.connect("shop.db")

def build_filter(column, value):
    return "WHERE " + column + " = '" + value + "'"

def fetch_products(db, where_clause):
    query = "SELECT id, name, price FROM products " + where_clause
    return db.execute(query).fetchall()

@app.route("/products")
def products():
    category = request.args.get("category", "all")
    rows = fetch_products(get_db(), build_filter("category", category))
    return jsonify(rows)
