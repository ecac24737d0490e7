from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
orders = MongoClient("mongodb://localhost:27017")["shop"]["orders"]


@app.post("/orders/search")
def search_orders():
    body = request.get_json()
    cursor = orders.find({"customer": body["customer"]})
    return jsonify([str(o["_id"]) for o in cursor])


@app.post("/orders/search/v2")
def search_orders_v2():
    body = request.get_json()
    customer = str(body["customer"])
    cursor = orders.find({"customer": customer})
    return jsonify([str(o["_id"]) for o in cursor])


@app.get("/orders/expensive")
def expensive():
    floor = request.args.get("min", "0")
    cursor = orders.find({"$where": "this.total > " + floor})
    return jsonify([str(o["_id"]) for o in cursor])


@app.get("/orders/by-status")
def by_status():
    status = request.args.get("status", "open")
    return jsonify(orders.count_documents({"status": status}))
