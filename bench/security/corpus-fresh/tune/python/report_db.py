import os

import psycopg2
from psycopg2 import sql

DSN = os.environ["REPORTS_DSN"]

ALLOWED_SORT = {"created_at", "total", "customer"}


def monthly_totals(region, month):
    with psycopg2.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT customer, SUM(total) FROM orders WHERE region = %s AND month = %s GROUP BY customer",
            (region, month),
        )
        return cur.fetchall()


def orders_for_customer(customer, sort_by="created_at"):
    with psycopg2.connect(DSN) as conn, conn.cursor() as cur:
        stmt = "SELECT id, total, created_at FROM orders WHERE customer = '%s' ORDER BY %s" % (customer, sort_by)
        cur.execute(stmt)
        return cur.fetchall()


def orders_sorted(column):
    if column not in ALLOWED_SORT:
        column = "created_at"
    query = sql.SQL("SELECT id, total FROM orders ORDER BY {}").format(sql.Identifier(column))
    with psycopg2.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute(query)
        return cur.fetchall()


def delete_draft(order_ref):
    with psycopg2.connect(DSN) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM orders WHERE status = 'draft' AND ref = '" + order_ref + "'")
        return cur.rowcount
