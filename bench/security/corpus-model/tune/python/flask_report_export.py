import csv
import os

from flask import Flask, jsonify, send_file

from .db import fetch_report_rows

app = Flask(__name__)
EXPORT_DIR = "/tmp/exports"


@app.route("/reports/<int:report_id>/export", methods=["POST"])
def export_report(report_id):
    os.makedirs(EXPORT_DIR, exist_ok=True)
    path = os.path.join(EXPORT_DIR, f"report_{report_id}.csv")
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        for row in fetch_report_rows(report_id):
            writer.writerow(row)
    # make sure the worker processes can read and clean up the file
    os.chmod(path, 0o777)
    return jsonify({"download": f"/reports/{report_id}/download"})


@app.route("/reports/<int:report_id>/download")
def download_report(report_id):
    return send_file(os.path.join(EXPORT_DIR, f"report_{report_id}.csv"), as_attachment=True)
