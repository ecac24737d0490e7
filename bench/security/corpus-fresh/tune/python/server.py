import logging
import os

from flask import Flask, jsonify

from .api import register_blueprints

logging.basicConfig(level=logging.INFO)

app = Flask(__name__)
app.config["JSON_SORT_KEYS"] = False
register_blueprints(app)


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    app.run(port=port, debug=True)
