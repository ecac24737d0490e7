import os
import tarfile
import zipfile
from pathlib import Path

IMPORT_ROOT = Path("/srv/imports")


def import_tarball(uploaded_path: str, project: str) -> Path:
    dest = IMPORT_ROOT / project
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(uploaded_path, "r:*") as tar:
        tar.extractall(dest)
    return dest


def import_tarball_filtered(uploaded_path: str, project: str) -> Path:
    dest = IMPORT_ROOT / project
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(uploaded_path, "r:*") as tar:
        tar.extractall(dest, filter="data")
    return dest


def import_zip(uploaded_path: str, project: str) -> list[str]:
    dest = (IMPORT_ROOT / project).resolve()
    written = []
    with zipfile.ZipFile(uploaded_path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            out_path = os.path.join(dest, info.filename)
            os.makedirs(os.path.dirname(out_path), exist_ok=True)
            with open(out_path, "wb") as fh:
                fh.write(zf.read(info))
            written.append(out_path)
    return written


def import_zip_checked(uploaded_path: str, project: str) -> list[str]:
    dest = (IMPORT_ROOT / project).resolve()
    written = []
    with zipfile.ZipFile(uploaded_path) as zf:
        for info in zf.infolist():
            target = (dest / info.filename).resolve()
            if not str(target).startswith(str(dest) + os.sep):
                raise ValueError(f"refusing to extract {info.filename}")
            zf.extract(info, dest)
            written.append(str(target))
    return written
