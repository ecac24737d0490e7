import os
import logging
from pathlib import Path

from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
log = logging.getLogger(__name__)

EXPORT_ROOT = Path(os.environ.get("EXPORT_ROOT", "/srv/exports")).resolve()


def _export_path(customer_id: str, filename: str) -> str:
    return os.path.join(str(EXPORT_ROOT), customer_id, filename)


@app.route("/invoices/<customer_id>/download")
def download_invoice(customer_id):
    filename = request.args.get("file", "latest.pdf")
    target = _export_path(customer_id, filename)
    log.info("serving invoice %s", target)
    return send_file(target, as_attachment=True)


@app.route("/invoices/<customer_id>/archive/<path:name>")
def download_archive(customer_id, name):
    folder = EXPORT_ROOT / secure_filename(customer_id) / "archive"
    return send_from_directory(folder, name, as_attachment=True)


@app.route("/invoices/<customer_id>/preview")
def preview_invoice(customer_id):
    requested = (EXPORT_ROOT / customer_id / request.args.get("file", "")).resolve()
    if not requested.is_relative_to(EXPORT_ROOT) or not requested.is_file():
        abort(404)
    return send_file(requested, mimetype="application/pdf")
