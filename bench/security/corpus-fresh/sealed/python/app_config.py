import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SECRET_KEY"] = "f3a9c1e7b2d84a6f9e0c5b7a1d3f8e2c"
app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://shop:Sh0pAdm1n!@db.internal:5432/shop"
app.config["MAIL_PASSWORD"] = os.getenv("MAIL_PASSWORD")
app.config["SESSION_COOKIE_SECURE"] = True
app.config["SESSION_COOKIE_HTTPONLY"] = True

db = SQLAlchemy(app)


@app.get("/ping")
def ping():
    return "pong"


if __name__ == "__main__":
    debug_enabled = os.getenv("FLASK_DEBUG") == "1"
    app.run(host="0.0.0.0", port=int(os.getenv("PORT", "8000")), debug=debug_enabled)
