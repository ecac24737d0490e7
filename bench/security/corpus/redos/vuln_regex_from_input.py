import re
from flask import Flask, request

app = Flask(__name__)

@app.route("/search")
def search():
    pattern = re.compile(request.args["q"])
    return {"hits": [name for name in NAMES if pattern.search(name)]}
