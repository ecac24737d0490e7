def find_user(conn, name):
    return conn.search_ext_s(BASE_DN, SCOPE, "(uid=" + name + ")")
