import xml.sax
from xml.sax.handler import feature_external_ges

import defusedxml.minidom
from lxml import etree


class TotalsHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.totals = []
        self._in_total = False

    def startElement(self, name, attrs):
        self._in_total = name == "total"

    def characters(self, content):
        if self._in_total and content.strip():
            self.totals.append(float(content))


def sum_invoice_totals(xml_bytes: bytes) -> float:
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    handler = TotalsHandler()
    parser.setContentHandler(handler)
    parser.feed(xml_bytes)
    parser.close()
    return sum(handler.totals)


def invoice_number(xml_text: str) -> str:
    doc = defusedxml.minidom.parseString(xml_text)
    return doc.getElementsByTagName("number")[0].firstChild.data


def invoice_tree(xml_bytes: bytes):
    return etree.fromstring(xml_bytes, etree.XMLParser(resolve_entities=True, no_network=False))
