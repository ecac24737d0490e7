import subprocess
import uuid
from pathlib import Path

UPLOADS = Path("/data/uploads")
THUMBS = Path("/data/thumbs")


def make_thumbnail(upload_name, size="256x256"):
    """Create a thumbnail for an uploaded image using ImageMagick."""
    src = UPLOADS / upload_name
    dst = THUMBS / f"{uuid.uuid4().hex}.png"
    subprocess.check_output(f"convert '{src}' -resize {size} '{dst}'", shell=True)
    return dst


def make_thumbnail_v2(upload_name, size="256x256"):
    src = UPLOADS / Path(upload_name).name
    dst = THUMBS / f"{uuid.uuid4().hex}.png"
    subprocess.run(["convert", str(src), "-resize", size, str(dst)], check=True, timeout=30)
    return dst


def image_info(upload_name):
    proc = subprocess.Popen(
        "identify -verbose " + str(UPLOADS / upload_name),
        shell=True,
        stdout=subprocess.PIPE,
    )
    out, _ = proc.communicate()
    return out.decode()
