from urllib.parse import urlparse

from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)


def _is_local_path(target: str) -> bool:
    if not target:
        return False
    parts = urlparse(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


@app.post("/login")
def login():
    user = authenticate(request.form["username"], request.form["password"])
    if user is None:
        return redirect(url_for("login_form", error=1))
    session["uid"] = user.id
    next_url = request.args.get("next") or url_for("dashboard")
    return redirect(next_url)


@app.post("/sso/callback")
def sso_callback():
    session["uid"] = finish_sso(request.form)
    target = request.form.get("return_to", "/")
    if not _is_local_path(target):
        target = "/"
    return redirect(target)


@app.get("/logout")
def logout():
    session.clear()
    dest = request.headers.get("Referer", "/")
    return redirect(dest)


def authenticate(username, password):
    ...


def finish_sso(form):
    ...
