import os
import urllib.request
from urllib.parse import urlparse


def download_file(url, dest_dir="downloads"):
    """Download a file from a URL and save it into dest_dir, keeping its name."""
    os.makedirs(dest_dir, exist_ok=True)
    filename = url.rstrip("/").split("/")[-1] or "index.html"
    path = os.path.join(dest_dir, filename)
    urllib.request.urlretrieve(url, path)
    return path


def read_user_file(username, name):
    """Return the text of a file from the user's folder."""
    base = os.path.join("/home/app/userdata", username)
    full = os.path.normpath(os.path.join(base, name))
    if not full.startswith(base):
        raise PermissionError(name)
    with open(full) as f:
        return f.read()


def read_user_file_strict(username, name):
    base = os.path.realpath(os.path.join("/home/app/userdata", os.path.basename(username)))
    full = os.path.realpath(os.path.join(base, name))
    if os.path.commonpath([base, full]) != base:
        raise PermissionError(name)
    with open(full) as f:
        return f.read()


def is_image_url(url):
    p = urlparse(url)
    return p.scheme in ("http", "https") and p.path.lower().endswith((".png", ".jpg", ".gif"))
