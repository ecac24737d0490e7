from urllib.parse import urlparse

import requests
from flask import Flask, Response, abort, request

app = Flask(__name__)

ALLOWED_IMAGE_HOSTS = {"images.gravatar.com", "avatars.githubusercontent.com", "cdn.example-media.net"}


@app.get("/avatar")
def avatar():
    src = request.args.get("src", "")
    upstream = requests.get(src, timeout=4, stream=True)
    return Response(upstream.raw, content_type=upstream.headers.get("Content-Type", "image/png"))


@app.get("/avatar/v2")
def avatar_v2():
    src = request.args.get("src", "")
    parsed = urlparse(src)
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_IMAGE_HOSTS:
        abort(400)
    upstream = requests.get(src, timeout=4, stream=True, allow_redirects=False)
    return Response(upstream.raw, content_type=upstream.headers.get("Content-Type", "image/png"))


@app.get("/avatar/gravatar/<email_hash>")
def gravatar(email_hash):
    upstream = requests.get(f"https://images.gravatar.com/avatar/{email_hash}?s=128", timeout=4)
    return Response(upstream.content, content_type="image/png")
