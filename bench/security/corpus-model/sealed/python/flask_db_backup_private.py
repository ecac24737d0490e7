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
    os.makedirs(BACKUP_DIR, mode=0o700, exist_ok=True)
    backup_path = os.path.join(BACKUP_DIR, datetime.now().strftime("app-%Y%m%d%H%M%S.db"))
    shutil.copy2(DB_PATH, backup_path)
    os.chmod(backup_path, stat.S_IRUSR | stat.S_IWUSR)
    return jsonify({"backup": os.path.basename(backup_path)})
