import os

from flask import Flask, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///todo.db"
db = SQLAlchemy(app)
login_manager = LoginManager(app)


class Todo(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(200))
    user_id = db.Column(db.Integer)


@app.route("/todos")
@login_required
def todos():
    items = Todo.query.filter_by(user_id=current_user.id).all()
    return render_template("todos.html", items=items)


@app.route("/todos/add", methods=["POST"])
@login_required
def add_todo():
    db.session.add(Todo(text=request.form["text"], user_id=current_user.id))
    db.session.commit()
    return redirect(url_for("todos"))


@app.route("/todos/<int:todo_id>/delete", methods=["POST"])
def delete_todo(todo_id):
    todo = Todo.query.get_or_404(todo_id)
    db.session.delete(todo)
    db.session.commit()
    return redirect(url_for("todos"))
