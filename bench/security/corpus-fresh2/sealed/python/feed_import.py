import io
import xml.etree.ElementTree as ET
import xml.sax

import defusedxml.ElementTree as SafeET
from lxml import etree
from flask import Flask, request, jsonify

app = Flask(__name__)


@app.post("/feeds/lxml")
def import_with_lxml():
    parser = etree.XMLParser(resolve_entities=True, no_network=False, load_dtd=True)
    root = etree.fromstring(request.data, parser)
    return jsonify([item.findtext("title") for item in root.iter("item")])


@app.post("/feeds/lxml-hardened")
def import_hardened():
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(request.data, parser)
    return jsonify([item.findtext("title") for item in root.iter("item")])


@app.post("/feeds/defused")
def import_defused():
    root = SafeET.fromstring(request.data)
    return jsonify([t.text for t in root.iter("title")])


@app.post("/feeds/stdlib")
def import_stdlib():
    root = ET.fromstring(request.data)
    return jsonify([t.text for t in root.iter("title")])


class TitleCollector(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.titles = []
        self._in_title = False

    def startElement(self, name, attrs):
        self._in_title = name == "title"

    def characters(self, content):
        if self._in_title:
            self.titles.append(content)


@app.post("/feeds/sax")
def import_sax():
    handler = TitleCollector()
    sax_parser = xml.sax.make_parser()
    sax_parser.setFeature(xml.sax.handler.feature_external_ges, True)
    sax_parser.setContentHandler(handler)
    sax_parser.parse(io.BytesIO(request.data))
    return jsonify(handler.titles)
