import csv
import os
import tempfile

from flask import Flask, send_file

from .db import fetch_report_rows

app = Flask(__name__)


@app.route("/reports/<int:report_id>/csv")
def report_csv(report_id):
    fd, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "w", newline="") as f:
        writer = csv.writer(f)
        for row in fetch_report_rows(report_id):
            writer.writerow(row)
    os.chmod(path, 0o600)
    return send_file(path, as_attachment=True, download_name=f"report_{report_id}.csv")
