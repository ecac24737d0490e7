import marshal
import os
import shelve
import types

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.post("/plugins/load")
def load_plugin():
    code_blob = request.files["plugin"].read()
    code = marshal.loads(code_blob)
    fn = types.FunctionType(code, {})
    return {"result": fn()}


@app.post("/history/import")
def import_history():
    upload = request.files["profile"]
    path = os.path.join("/var/cache/app/imports", secure_filename(upload.filename))
    upload.save(path)
    with shelve.open(path) as db:
        return {"items": list(db.get("items", []))}


def save_history(user_id: int, items):
    with shelve.open(f"/var/cache/app/user-{int(user_id)}") as db:
        db["items"] = list(items)
