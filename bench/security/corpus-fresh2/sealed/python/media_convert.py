"""Helpers for converting uploaded media with ffmpeg and ImageMagick."""
import os
import shlex
import subprocess


def make_thumbnail(src_path, width):
    """Create a thumbnail next to the source image."""
    out = src_path.rsplit(".", 1)[0] + "_thumb.jpg"
    subprocess.run(["convert", src_path, "-resize", f"{int(width)}x", out], check=True)
    return out


def transcode(src_path, codec):
    """Transcode a video to the requested codec."""
    out = src_path + ".mp4"
    cmd = f"ffmpeg -y -i {src_path} -c:v {codec} {out}"
    subprocess.call(cmd, shell=True)
    return out


def probe_duration(src_path):
    cmd = "ffprobe -v error -show_entries format=duration -of csv=p=0 " + shlex.quote(src_path)
    result = subprocess.check_output(cmd, shell=True, text=True)
    return float(result.strip())


def watermark(src_path, label):
    os.system('convert %s -pointsize 24 -annotate +10+10 "%s" %s' % (src_path, label, src_path))


def disk_usage():
    return subprocess.check_output("df -h /srv/media | tail -1", shell=True, text=True)


def strip_metadata(paths):
    args = ["exiftool", "-all=", "-overwrite_original", "--"] + list(paths)
    return subprocess.run(args, capture_output=True).returncode


def open_in_viewer(filename):
    return os.popen("xdg-open " + filename).read()
