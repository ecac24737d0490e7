from ldap3 import Server, Connection
from flask import request

def find_user():
    conn = Connection(Server("ldap.internal"), auto_bind=True)
    conn.search("dc=corp,dc=com", "(mail=%s)" % request.args["mail"])
    return conn.entries
