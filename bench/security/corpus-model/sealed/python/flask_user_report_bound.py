from flask import Flask, jsonify, request
from sqlalchemy import create_engine, text

from .config import DATABASE_URL

app = Flask(__name__)
engine = create_engine(DATABASE_URL)


@app.route("/reports/<username>")
def user_report(username):
    start = request.args.get("start", "2024-01-01")
    query = text("SELECT date, amount FROM payments WHERE username = :username AND date >= :start")
    with engine.connect() as conn:
        rows = conn.execute(query, {"username": username, "start": start}).fetchall()
    return jsonify([{"date": str(r.date), "amount": float(r.amount)} for r in rows])
