import subprocess
from flask import Flask, request

app = Flask(__name__)

def ping_command(host, count):
    return "ping -c %d %s" % (count, host)

def run(command):
    return subprocess.check_output(command, shell=True, text=True)

@app.route("/diagnostics/ping")
def ping():
    host = request.args.get("host", "localhost")
    return {"output": run(ping_command(host, 3))}
