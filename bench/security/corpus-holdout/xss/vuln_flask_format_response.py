from flask import Flask, request, make_response

app = Flask(__name__)

def render_error(message):
    return "<div class='error'>{}</div>".format(message)

@app.route("/error")
def error():
    return make_response(render_error(request.args.get("msg", "")), 400)
