import ldap
from ldap.filter import escape_filter_chars
from flask import Flask, request

app = Flask(__name__)

@app.route("/directory")
def directory():
    conn = ldap.initialize("ldap://ldap.internal")
    uid = escape_filter_chars(request.args["uid"])
    return {"hits": len(conn.search_s("dc=corp,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")"))}
