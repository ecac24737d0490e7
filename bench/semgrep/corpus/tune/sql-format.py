def find(cur, uid, name):
    # ruleid: sql-built-from-strings
    cur.execute("SELECT * FROM t WHERE id = {}".format(uid))
    # ok: sql-built-from-strings
    cur.execute("SELECT 1")
    # ok: sql-built-from-strings
    cur.execute("SELECT * FROM t WHERE id = %s", (uid,))
    # ruleid: sql-built-from-strings
    cur.execute("SELECT * FROM t WHERE id = %s" % uid)
    # ruleid: sql-built-from-strings
    cur.execute("SELECT * FROM t WHERE name = '" + name, timeout=3)
    # ok: sql-built-from-strings
    cur.executemany("INSERT INTO t VALUES (%s)", [(uid,)])
    return cur.fetchall()
