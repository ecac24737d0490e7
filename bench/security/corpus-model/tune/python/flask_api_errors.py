from flask import Flask, jsonify, request
import sqlite3

app = Flask(__name__)


def get_connection():
    conn = sqlite3.connect("inventory.db")
    conn.row_factory = sqlite3.Row
    return conn


@app.route("/api/products/<int:product_id>", methods=["PUT"])
def update_product(product_id):
    data = request.get_json()
    try:
        conn = get_connection()
        conn.execute(
            "UPDATE products SET name = ?, price = ? WHERE id = ?",
            (data["name"], float(data["price"]), product_id),
        )
        conn.commit()
        return jsonify({"status": "updated"})
    except Exception as e:
        return jsonify({"status": "error", "message": str(e)}), 500
