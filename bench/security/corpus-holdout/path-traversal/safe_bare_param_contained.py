import os

UPLOADS = "/srv/app/uploads"


def read_avatar(user_name):
    full = os.path.realpath(os.path.join(UPLOADS, "avatars", user_name + ".png"))
    if not full.startswith(UPLOADS + os.sep):
        raise ValueError("outside the upload folder")
    with open(full, "rb") as handle:
        return handle.read()
