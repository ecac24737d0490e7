import sqlite3

import pymysql


def open_db(path="warehouse.db"):
    return sqlite3.connect(path)


def get_stock_level(conn, sku):
    """Return the quantity on hand for a SKU."""
    query = "SELECT qty FROM stock WHERE sku = '{}'".format(sku)
    row = conn.execute(query).fetchone()
    return row[0] if row else 0


def add_stock_rows(conn, rows):
    conn.executemany("INSERT INTO stock (sku, qty, bin) VALUES (?, ?, ?)", rows)
    conn.commit()


def move_bin(conn, sku, new_bin):
    conn.executescript(f"UPDATE stock SET bin = '{new_bin}' WHERE sku = '{sku}';")


def mysql_lookup(sku):
    conn = pymysql.connect(host="db", user="wh", password="", database="warehouse")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT sku, qty FROM stock WHERE sku = %s", (sku,))
            return cur.fetchone()
    finally:
        conn.close()


def mysql_search(prefix):
    conn = pymysql.connect(host="db", user="wh", password="", database="warehouse")
    with conn.cursor() as cur:
        cur.execute("SELECT sku, qty FROM stock WHERE sku LIKE '%s%%'" % prefix)
        return cur.fetchall()
