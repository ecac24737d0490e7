import datetime
import logging
import os
import shlex
import subprocess

logger = logging.getLogger("backup")

BACKUP_DIR = "/var/backups/app"


def dump_database(db_name: str) -> str:
    stamp = datetime.datetime.utcnow().strftime("%Y%m%d%H%M%S")
    out_file = os.path.join(BACKUP_DIR, f"{db_name}-{stamp}.sql.gz")
    cmd = f"pg_dump {db_name} | gzip > {out_file}"
    logger.info("running %s", cmd)
    os.system(cmd)
    return out_file


def dump_database_quoted(db_name: str) -> str:
    stamp = datetime.datetime.utcnow().strftime("%Y%m%d%H%M%S")
    out_file = os.path.join(BACKUP_DIR, f"{db_name}-{stamp}.sql.gz")
    cmd = f"pg_dump {shlex.quote(db_name)} | gzip > {shlex.quote(out_file)}"
    subprocess.run(cmd, shell=True, check=True)
    return out_file


def list_backups(pattern: str):
    output = os.popen("ls -1 " + BACKUP_DIR + " | grep " + pattern).read()
    return output.splitlines()


def restore(archive_name: str, db_name: str) -> None:
    archive = os.path.join(BACKUP_DIR, os.path.basename(archive_name))
    with open(archive, "rb") as fh:
        gunzip = subprocess.Popen(["gunzip", "-c"], stdin=fh, stdout=subprocess.PIPE)
        subprocess.run(["psql", "--dbname", db_name], stdin=gunzip.stdout, check=True)
        gunzip.wait()


def disk_usage() -> str:
    return subprocess.check_output("df -h /var/backups", shell=True, text=True)
