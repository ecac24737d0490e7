import xml.etree.ElementTree as ET

from flask import Flask, request

app = Flask(__name__)
ROOT = ET.parse("users.xml").getroot()


@app.route("/user")
def user():
    name = request.args.get("name", "")
    node = ROOT.find(".//user[@name='" + name + "']")
    return {"email": node.findtext("email") if node is not None else None}
