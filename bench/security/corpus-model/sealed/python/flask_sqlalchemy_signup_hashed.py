from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import generate_password_hash

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///members.db"
db = SQLAlchemy(app)


class Member(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)


@app.route("/signup", methods=["POST"])
def signup():
    data = request.get_json()
    member = Member(username=data["username"], password_hash=generate_password_hash(data["password"]))
    db.session.add(member)
    db.session.commit()
    return jsonify({"id": member.id}), 201
