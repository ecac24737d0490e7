def find_account(conn, username):
    conn.search("dc=example,dc=com", "(uid=" + username + ")", attributes=["cn", "mail"])
    return conn.entries
