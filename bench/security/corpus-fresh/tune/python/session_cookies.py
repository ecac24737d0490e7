import secrets

from flask import Flask, make_response, request

app = Flask(__name__)
app.config.update(
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)


@app.post("/api/login")
def api_login():
    token = secrets.token_urlsafe(32)
    resp = make_response({"ok": True})
    resp.set_cookie("auth_token", token, httponly=False, secure=False, max_age=86400)
    return resp


@app.post("/api/login/v2")
def api_login_v2():
    token = secrets.token_urlsafe(32)
    resp = make_response({"ok": True})
    resp.set_cookie("auth_token", token, httponly=True, secure=True, samesite="Strict", max_age=86400)
    return resp


@app.post("/api/theme")
def set_theme():
    resp = make_response({"ok": True})
    resp.set_cookie("theme", request.form.get("theme", "light"), secure=True, samesite="Lax")
    return resp
