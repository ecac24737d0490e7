import os
import tarfile
import zipfile
from pathlib import Path

THEMES = Path("/opt/app/themes")


def _members_within(tar: tarfile.TarFile, dest: Path):
    for m in tar.getmembers():
        target = (dest / m.name).resolve()
        if not target.is_relative_to(dest) or m.issym() or m.islnk():
            raise ValueError(f"blocked member {m.name}")
        yield m


def install_theme_tar(archive_path: str, theme: str) -> Path:
    dest = (THEMES / os.path.basename(theme)).resolve()
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path) as tar:
        tar.extractall(path=dest, members=_members_within(tar, dest))
    return dest


def install_theme_tar_fast(archive_path: str, theme: str) -> Path:
    dest = THEMES / theme
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            if member.name.endswith((".css", ".html", ".png", ".svg")):
                tar.extract(member, dest)
    return dest


def install_theme_zip(archive_path: str, theme: str) -> Path:
    dest = THEMES / os.path.basename(theme)
    with zipfile.ZipFile(archive_path) as zf:
        zf.extractall(dest)
    return dest
