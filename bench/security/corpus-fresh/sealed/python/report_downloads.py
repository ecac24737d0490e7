import os

from flask import Blueprint, abort, request, send_file
from werkzeug.security import safe_join

bp = Blueprint("reports", __name__)
REPORT_DIR = "/var/app/reports"


@bp.get("/reports/raw")
def raw_report():
    name = request.args["name"]
    with open(REPORT_DIR + "/" + name, "rb") as fh:
        data = fh.read()
    return data, 200, {"Content-Type": "application/octet-stream"}


@bp.get("/reports/<path:name>")
def report(name):
    path = safe_join(REPORT_DIR, name)
    if path is None or not os.path.isfile(path):
        abort(404)
    return send_file(path)


@bp.get("/reports/by-team/<team>/<name>")
def team_report(team, name):
    name = name.replace("..", "")
    return send_file(os.path.join(REPORT_DIR, team, name))
