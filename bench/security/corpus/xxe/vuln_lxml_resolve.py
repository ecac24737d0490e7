from lxml import etree
from flask import Flask, request

app = Flask(__name__)

@app.route("/import", methods=["POST"])
def import_feed():
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)
    root = etree.fromstring(request.data, parser)
    return {"items": len(root)}
