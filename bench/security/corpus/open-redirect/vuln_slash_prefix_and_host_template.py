from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/back")
def back():
    # "/" + "/evil.example" is "//evil.example": a protocol-relative URL to another site.
    target = request.args.get("to", "")
    return redirect("/" + target)


@app.route("/mirror")
def mirror():
    host = request.args.get("host", "")
    return redirect("https://%s/download" % host)
