import os
import uuid

from flask import Flask, abort, jsonify, request
from PIL import Image

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024
PHOTO_DIR = "/srv/photos"
ALLOWED = {".jpg", ".jpeg", ".png"}


@app.route("/photos", methods=["POST"])
def upload_photo():
    photo = request.files.get("photo")
    if photo is None:
        abort(400)
    ext = os.path.splitext(photo.filename)[1].lower()
    if ext not in ALLOWED:
        abort(415)
    image = Image.open(photo.stream)
    image.verify()
    name = f"{uuid.uuid4().hex}.png"
    photo.stream.seek(0)
    Image.open(photo.stream).save(os.path.join(PHOTO_DIR, name), format="PNG")
    return jsonify({"id": name}), 201
