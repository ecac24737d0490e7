from flask import Flask, make_response, render_template, request

app = Flask(__name__)
LANGUAGES = {"en": "en", "de": "de", "fr": "fr", "es": "es"}


@app.route("/page/<name>")
def page(name):
    lang = LANGUAGES.get(request.args.get("lang", "en"), "en")
    response = make_response(render_template("page.html", name=name))
    response.headers["Content-Language"] = lang
    return response
