import os
from flask import Flask, request

app = Flask(__name__)
DEBUG_TOOLS = False

@app.route("/ls")
def listing():
    target = request.args.get("dir", ".")
    if DEBUG_TOOLS:
        os.system("ls " + target)
    return {"ok": True}
