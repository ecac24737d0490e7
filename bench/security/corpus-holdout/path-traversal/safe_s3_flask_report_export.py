import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
EXPORT_ROOT = os.path.realpath("/srv/reports/exports")


def export_path(tenant, name):
    candidate = os.path.join(EXPORT_ROOT, os.path.basename(tenant), "%s.csv" % os.path.basename(name))
    full = os.path.realpath(candidate)
    if not full.startswith(EXPORT_ROOT + os.sep):
        return None
    return full


@app.route("/reports/export")
def download_export():
    tenant = request.args.get("tenant", "default")
    name = request.args.get("name")
    if not name:
        abort(400)
    full = export_path(tenant, name)
    if full is None or not os.path.isfile(full):
        abort(404)
    return send_file(full, as_attachment=True, download_name=os.path.basename(full))
