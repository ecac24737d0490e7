import os
import tempfile


def write_report_tmp(content: str) -> str:
    path = tempfile.mktemp(suffix=".csv", prefix="report-")
    with open(path, "w") as fh:
        fh.write(content)
    return path


def write_report(content: str) -> str:
    fd, path = tempfile.mkstemp(suffix=".csv", prefix="report-")
    with os.fdopen(fd, "w") as fh:
        fh.write(content)
    return path


def spool_upload(chunks) -> str:
    with tempfile.NamedTemporaryFile(delete=False, suffix=".bin") as tmp:
        for c in chunks:
            tmp.write(c)
        return tmp.name


def lock_file_path(job_id: str) -> str:
    return os.path.join("/tmp", f"job-{job_id}.lock")
