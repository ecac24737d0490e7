from fastapi import FastAPI
import sqlite3

app = FastAPI()
LEGACY = True

@app.get("/users/{user_id}")
def read_user(user_id: str, sort: str = "name"):
    db = sqlite3.connect("app.db")
    if LEGACY:
        order = sort
    else:
        order = "name"
    return db.execute(f"SELECT * FROM users WHERE id = {user_id} ORDER BY {order}").fetchall()
