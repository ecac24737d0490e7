from flask import Flask, make_response, render_template, request

app = Flask(__name__)


@app.route("/page/<name>")
def page(name):
    lang = request.args.get("lang", "en")
    response = make_response(render_template(f"pages/{name}.html"))
    response.headers["Content-Language"] = lang
    return response
