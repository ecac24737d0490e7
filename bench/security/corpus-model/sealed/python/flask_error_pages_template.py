import logging

from flask import Flask, render_template

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.errorhandler(500)
def internal_error(error):
    log.error("server error: %s", error)
    return render_template("500.html"), 500


@app.route("/")
def home():
    return "Welcome"
