from flask import Flask, redirect, request

app = Flask(__name__)


# redirect to the target url only if it is on the example.com domain
@app.route("/redirect")
def redirect_to_target():
    target = request.args.get("target", "")
    if "example.com" in target:
        return redirect(target)
    return redirect("/")
