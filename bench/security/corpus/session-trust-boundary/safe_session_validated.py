from flask import Flask, request, session, abort

app = Flask(__name__)
THEMES = {"light", "dark"}

@app.route("/theme", methods=["POST"])
def theme():
    choice = request.form["theme"]
    if choice not in THEMES:
        abort(400)
    session["theme"] = choice
    return "ok"
