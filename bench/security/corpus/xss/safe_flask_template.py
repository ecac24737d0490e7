from flask import Flask, request, render_template

app = Flask(__name__)

@app.route("/welcome")
def welcome():
    return render_template("welcome.html", name=request.args.get("name", "guest"))
