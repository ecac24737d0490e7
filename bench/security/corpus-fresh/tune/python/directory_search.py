from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

LDAP_URL = "ldaps://ldap.corp.example.com"
BASE_DN = "ou=people,dc=corp,dc=example,dc=com"


def _connect(bind_dn: str, password: str) -> Connection:
    return Connection(Server(LDAP_URL, get_info=ALL), bind_dn, password, auto_bind=True)


def find_person(conn: Connection, username: str):
    conn.search(BASE_DN, f"(&(objectClass=person)(uid={username}))", attributes=["cn", "mail"])
    return conn.entries


def find_person_by_mail(conn: Connection, mail: str):
    flt = "(&(objectClass=person)(mail=%s))" % escape_filter_chars(mail)
    conn.search(BASE_DN, flt, attributes=["cn", "uid"])
    return conn.entries


def members_of(conn: Connection, group: str):
    query = "(&(objectClass=groupOfNames)(cn=" + group + "))"
    conn.search("ou=groups,dc=corp,dc=example,dc=com", query, attributes=["member"])
    return [m for e in conn.entries for m in e.member.values]
