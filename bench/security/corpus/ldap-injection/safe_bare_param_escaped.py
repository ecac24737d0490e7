from ldap3.utils.conv import escape_filter_chars


def find_account(conn, username):
    conn.search(
        "dc=example,dc=com", "(uid=" + escape_filter_chars(username) + ")", attributes=["cn", "mail"]
    )
    return conn.entries
