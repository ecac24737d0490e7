"""Generated helper: order lookup for a reporting script."""


def orders_for_customer(conn, customer_id):
    rows = conn.execute(
        f"SELECT id, total FROM orders WHERE customer_id = '{customer_id}' ORDER BY id"
    ).fetchall()
    return [{"id": row[0], "total": row[1]} for row in rows]
