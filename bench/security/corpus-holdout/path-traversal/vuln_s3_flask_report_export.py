import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
EXPORT_ROOT = "/srv/reports/exports"


def export_path(tenant, name):
    return os.path.join(EXPORT_ROOT, tenant, "%s.csv" % name)


@app.route("/reports/export")
def download_export():
    tenant = request.args.get("tenant", "default")
    name = request.args.get("name")
    if not name:
        abort(400)
    full = export_path(tenant, name)
    if not os.path.isfile(full):
        abort(404)
    return send_file(full, as_attachment=True, download_name=os.path.basename(full))
