import subprocess


def convert_image(source, width):
    subprocess.check_call(f"convert {source} -resize {width} out.png", shell=True)
    return "out.png"
