from lxml import etree
from flask import Flask, request

app = Flask(__name__)
TREE = etree.parse("users.xml")

def lookup(name):
    return TREE.xpath("//user[name/text()='" + name + "']/email/text()")

@app.route("/email")
def email():
    return {"email": lookup(request.args["name"])}
