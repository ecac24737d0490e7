import ldap
from flask import Flask, request

app = Flask(__name__)

def user_filter(uid):
    return "(&(objectClass=person)(uid=" + uid + "))"

@app.route("/directory")
def directory():
    conn = ldap.initialize("ldap://ldap.internal")
    return {"hits": len(conn.search_s("dc=corp,dc=com", ldap.SCOPE_SUBTREE, user_filter(request.args["uid"])))}
