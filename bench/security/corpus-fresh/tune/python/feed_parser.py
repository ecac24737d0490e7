from dataclasses import dataclass

import defusedxml.ElementTree as DET
from lxml import etree


@dataclass
class FeedItem:
    title: str
    link: str


def parse_feed(xml_bytes: bytes) -> list[FeedItem]:
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    root = etree.fromstring(xml_bytes, parser)
    return [FeedItem(i.findtext("title"), i.findtext("link")) for i in root.iter("item")]


def parse_feed_hardened(xml_bytes: bytes) -> list[FeedItem]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(xml_bytes, parser)
    return [FeedItem(i.findtext("title"), i.findtext("link")) for i in root.iter("item")]


def parse_opml(xml_text: str) -> list[str]:
    root = DET.fromstring(xml_text)
    return [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
