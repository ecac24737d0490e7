from flask import Flask, jsonify, request
from ldap3 import SUBTREE, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


class Directory:
    def __init__(self, url="ldap://ldap.internal"):
        self.conn = Connection(Server(url), auto_bind=True)

    def find_people(self, name, department):
        name, department = escape_filter_chars(name), escape_filter_chars(department)
        search_filter = f"(&(objectClass=person)(cn=*{name}*)(department={department}))"
        self.conn.search(BASE_DN, search_filter, SUBTREE, attributes=["cn", "mail"])
        return [{"cn": str(e.cn), "mail": str(e.mail)} for e in self.conn.entries]


@app.route("/directory/search")
def directory_search():
    name = request.args.get("q", "")
    department = request.args.get("dept", "engineering")
    if len(name) < 2:
        return jsonify({"results": []})
    return jsonify({"results": Directory().find_people(name, department)})
