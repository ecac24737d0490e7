"""Generated helper: order lookup for a reporting script."""


def orders_for_customer(conn, customer_id):
    rows = conn.execute(
        "SELECT id, total FROM orders WHERE customer_id = ? ORDER BY id", (customer_id,)
    ).fetchall()
    return [{"id": row[0], "total": row[1]} for row in rows]
