from flask import Flask, make_response, request, jsonify

app = Flask(__name__)
PARTNER_ORIGINS = {"https://partner.example.com", "https://portal.example.com"}


@app.post("/login")
def login():
    token = request.form["token"]
    resp = make_response(jsonify(ok=True))
    resp.set_cookie("session_id", token)
    return resp


@app.post("/login/v2")
def login_v2():
    token = request.form["token"]
    resp = make_response(jsonify(ok=True))
    resp.set_cookie("session_id", token, httponly=True, secure=True, samesite="Lax")
    return resp


@app.after_request
def cors(resp):
    origin = request.headers.get("Origin")
    if origin:
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.headers["Access-Control-Allow-Credentials"] = "true"
    return resp


def partner_cors(resp):
    origin = request.headers.get("Origin", "")
    if origin in PARTNER_ORIGINS:
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.headers["Vary"] = "Origin"
    return resp
