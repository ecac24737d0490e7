from ldap3 import Connection, Server, SUBTREE
from ldap3.utils.conv import escape_filter_chars

server = Server("ldaps://ldap.corp.example.com")
BASE_DN = "ou=people,dc=corp,dc=example,dc=com"


def find_user(conn: Connection, uid: str):
    conn.search(BASE_DN, f"(&(objectClass=person)(uid={uid}))", SUBTREE, attributes=["cn", "mail"])
    return conn.entries


def find_user_escaped(conn: Connection, uid: str):
    flt = "(&(objectClass=person)(uid=%s))" % escape_filter_chars(uid)
    conn.search(BASE_DN, flt, SUBTREE, attributes=["cn", "mail"])
    return conn.entries


def members_of(conn: Connection, group_name: str):
    search_filter = "(&(objectClass=groupOfNames)(cn=" + group_name + "))"
    conn.search(BASE_DN, search_filter, attributes=["member"])
    return conn.entries


def authenticate(username: str, password: str) -> bool:
    user_dn = "uid={},{}".format(escape_filter_chars(username), BASE_DN)
    conn = Connection(server, user=user_dn, password=password)
    return conn.bind()
