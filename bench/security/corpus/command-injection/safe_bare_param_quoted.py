import shlex
import subprocess


def convert_image(source, width):
    subprocess.check_call(
        f"convert {shlex.quote(source)} -resize {int(width)} out.png", shell=True
    )
    return "out.png"
