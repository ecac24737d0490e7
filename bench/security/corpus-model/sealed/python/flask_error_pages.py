import traceback

from flask import Flask

app = Flask(__name__)


@app.errorhandler(500)
def internal_error(error):
    return "<h1>Internal Server Error</h1><pre>" + traceback.format_exc() + "</pre>", 500


@app.route("/")
def home():
    return "Welcome"
