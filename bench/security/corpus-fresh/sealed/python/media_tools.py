import logging
import os
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)
MEDIA = Path("/srv/media")


def transcode(upload_name: str, bitrate: str = "128k") -> Path:
    src = MEDIA / "incoming" / upload_name
    dst = MEDIA / "audio" / (Path(upload_name).stem + ".mp3")
    cmd = "ffmpeg -y -i \"%s\" -b:a %s \"%s\"" % (src, bitrate, dst)
    log.info("transcoding: %s", cmd)
    subprocess.run(cmd, shell=True, check=True)
    return dst


def transcode_args(upload_name: str, bitrate: str = "128k") -> Path:
    src = MEDIA / "incoming" / Path(upload_name).name
    dst = MEDIA / "audio" / (src.stem + ".mp3")
    subprocess.run(["ffmpeg", "-y", "-i", str(src), "-b:a", bitrate, str(dst)], check=True)
    return dst


def waveform(upload_name: str) -> bytes:
    stream = os.popen(f"audiowaveform -i {MEDIA / 'audio' / upload_name} --output-format json")
    return stream.read().encode()


def purge_cache() -> int:
    return os.system("find /srv/media/cache -type f -mtime +7 -delete")
