from flask import Flask, request

app = Flask(__name__)

def compute(expression):
    return eval(expression, {"__builtins__": {}})

@app.route("/calc")
def calc():
    return {"result": compute(request.args["q"])}
