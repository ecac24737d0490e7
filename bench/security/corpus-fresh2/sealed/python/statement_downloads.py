import os

from flask import Flask, abort, request, send_file, send_from_directory

app = Flask(__name__)
STATEMENTS_DIR = "/srv/billing/statements"


def _statement_path(customer_id, filename):
    folder = os.path.join(STATEMENTS_DIR, str(customer_id))
    return os.path.join(folder, filename)


@app.route("/statements/<int:customer_id>/raw")
def raw_statement(customer_id):
    name = request.args.get("name", "")
    target = _statement_path(customer_id, name)
    return send_file(target, mimetype="application/pdf")


@app.route("/statements/<int:customer_id>/pdf/<path:name>")
def statement_pdf(customer_id, name):
    folder = os.path.join(STATEMENTS_DIR, str(customer_id))
    return send_from_directory(folder, name)


@app.route("/statements/<int:customer_id>/text")
def statement_text(customer_id):
    requested = request.args["file"]
    base = os.path.realpath(os.path.join(STATEMENTS_DIR, str(customer_id)))
    full = os.path.realpath(os.path.join(base, requested))
    if os.path.commonpath([base, full]) != base:
        abort(404)
    with open(full, encoding="utf-8") as fh:
        return fh.read()


@app.route("/statements/archive")
def archived():
    year = request.args.get("year", "2024")
    name = request.args.get("doc", "")
    path = f"/srv/billing/archive/{year}/{name}"
    with open(path, "rb") as fh:
        data = fh.read()
    return data, 200, {"Content-Type": "application/octet-stream"}


@app.route("/statements/logo")
def logo():
    variant = os.path.basename(request.args.get("v", "default.png"))
    return send_file(os.path.join("/srv/billing/logos", variant))
