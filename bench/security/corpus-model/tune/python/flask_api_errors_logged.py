import logging

from flask import Flask, jsonify, request

from .orders import OrderError, place_order

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/api/orders", methods=["POST"])
def create_order():
    payload = request.get_json(silent=True) or {}
    try:
        order = place_order(payload)
    except OrderError as exc:
        logger.info("order rejected: %s", exc)
        return jsonify({"error": "The order could not be placed."}), 400
    except Exception:
        logger.exception("unexpected error while placing an order")
        return jsonify({"error": "Internal server error"}), 500
    return jsonify({"id": order.id}), 201
