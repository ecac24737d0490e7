from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)

@app.route("/search")
def search():
    term = request.args.get("q", "")
    rows = db.session.execute(text("SELECT id FROM posts WHERE title LIKE :t"), {"t": f"%{term}%"})
    return {"ids": [row.id for row in rows]}
