from lxml import etree
from flask import Flask, request

app = Flask(__name__)
TREE = etree.parse("users.xml", etree.XMLParser(resolve_entities=False))

@app.route("/email")
def email():
    return {"email": TREE.xpath("//user[name/text()=$name]/email/text()", name=request.args["name"])}
