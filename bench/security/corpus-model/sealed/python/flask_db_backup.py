import os
import shutil
import stat
from datetime import datetime

from flask import Flask, jsonify

app = Flask(__name__)
BACKUP_DIR = "/var/backups/app"
DB_PATH = "/var/lib/app/app.db"


@app.route("/admin/backup", methods=["POST"])
def backup():
    os.makedirs(BACKUP_DIR, exist_ok=True)
    backup_path = os.path.join(BACKUP_DIR, datetime.now().strftime("app-%Y%m%d%H%M%S.db"))
    shutil.copy2(DB_PATH, backup_path)
    os.chmod(backup_path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
    return jsonify({"backup": os.path.basename(backup_path)})
