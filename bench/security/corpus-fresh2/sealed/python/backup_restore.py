import os
import tarfile
import zipfile
from pathlib import Path

RESTORE_ROOT = Path("/var/lib/app/restore")


def restore_tar(upload_path: str, tenant: str) -> Path:
    dest = RESTORE_ROOT / tenant
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(upload_path, "r:gz") as archive:
        archive.extractall(dest)
    return dest


def restore_tar_filtered(upload_path: str, tenant: str) -> Path:
    dest = RESTORE_ROOT / tenant
    with tarfile.open(upload_path) as archive:
        archive.extractall(dest, filter="data")
    return dest


def restore_zip_manual(upload_path: str, tenant: str) -> list:
    dest = RESTORE_ROOT / tenant
    written = []
    with zipfile.ZipFile(upload_path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            out_path = os.path.join(dest, info.filename)
            os.makedirs(os.path.dirname(out_path), exist_ok=True)
            with zf.open(info) as src, open(out_path, "wb") as dst:
                dst.write(src.read())
            written.append(out_path)
    return written


def restore_zip_checked(upload_path: str, tenant: str) -> None:
    dest = (RESTORE_ROOT / tenant).resolve()
    with zipfile.ZipFile(upload_path) as zf:
        for member in zf.namelist():
            target = (dest / member).resolve()
            if not target.is_relative_to(dest):
                raise ValueError(f"refusing to write {member}")
            zf.extract(member, dest)


def list_members(upload_path: str):
    with tarfile.open(upload_path) as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        archive.extractall("/tmp/preview", members=members)
        return [m.name for m in members]
