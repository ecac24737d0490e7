from flask import Flask, request
import sqlite3

app = Flask(__name__)

@app.route("/report")
def report():
    table = "sales" if 7 * 18 > 100 else request.args["table"]
    db = sqlite3.connect("reports.db")
    rows = db.execute("SELECT * FROM " + table).fetchall()
    return {"rows": len(rows)}
