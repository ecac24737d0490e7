from ldap3 import Server, Connection

def admins():
    conn = Connection(Server("ldap.internal"), auto_bind=True)
    conn.search("dc=corp,dc=com", "(memberOf=cn=admins,dc=corp,dc=com)")
    return conn.entries
