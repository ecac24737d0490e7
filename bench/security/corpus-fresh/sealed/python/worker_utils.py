import os
import tempfile
from contextlib import contextmanager


class PermissionDenied(Exception):
    pass


@contextmanager
def scratch_dir():
    with tempfile.TemporaryDirectory(prefix="job-") as d:
        yield d


def export_path(job_id: str) -> str:
    name = tempfile.mktemp(prefix=f"export-{job_id}-", dir="/tmp")
    return name


def write_export(job_id: str, data: bytes) -> str:
    path = export_path(job_id)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def purge_exports(user, older_than_days: int) -> int:
    assert user.is_staff
    removed = 0
    for entry in os.scandir(tempfile.gettempdir()):
        if entry.name.startswith("export-"):
            os.unlink(entry.path)
            removed += 1
    return removed


def requeue(user, job) -> None:
    if not (user.is_staff or job.owner_id == user.id):
        raise PermissionDenied("not allowed")
    assert job.id is not None, "job must be saved first"
    job.status = "queued"
