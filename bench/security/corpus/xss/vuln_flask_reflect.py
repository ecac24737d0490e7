from flask import Flask, request

app = Flask(__name__)

def greeting(name):
    return "<h1>Welcome back, " + name + "!</h1>"

@app.route("/welcome")
def welcome():
    return greeting(request.args.get("name", "guest"))
