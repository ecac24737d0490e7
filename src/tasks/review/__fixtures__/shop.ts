/** A small Flask shop in git, and a change to it that adds an SQL injection and a hard-coded key. */

export const USERS_PY = `import sqlite3

from flask import request


def find_user(conn: sqlite3.Connection, user_id: int):
    """One user by id; the value goes in as a query parameter."""
    return conn.execute("SELECT id, name FROM users WHERE id = ?", (user_id,)).fetchone()


def find_user_by_email(conn: sqlite3.Connection):
    email = request.args.get("email")
    return conn.execute("SELECT id, name FROM users WHERE email = ?", (email,)).fetchone()
`;

export const ORDERS_BEFORE = `import os
import sqlite3

from flask import request

PAYMENT_KEY = os.environ["PAYMENT_KEY"]


def order_total(conn: sqlite3.Connection, order_id: int) -> int:
    row = conn.execute("SELECT SUM(cents) FROM lines WHERE order_id = ?", (order_id,)).fetchone()
    return row[0] or 0
`;

export const ORDERS_AFTER = `import os
import sqlite3

from flask import request

PAYMENT_KEY = os.environ["PAYMENT_KEY"]
STRIPE_KEY = "sk_live_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee"


def order_total(conn: sqlite3.Connection, order_id: int) -> int:
    row = conn.execute("SELECT SUM(cents) FROM lines WHERE order_id = ?", (order_id,)).fetchone()
    return row[0] or 0


def orders_of_customer(conn: sqlite3.Connection):
    customer = request.args.get("customer")
    query = "SELECT id, cents FROM orders WHERE customer = '%s'" % customer
    return conn.execute(query).fetchall()
`;

export const ORDERS_TEST = `from app.orders import order_total


def test_total_of_empty_order(tmp_path):
    import sqlite3

    conn = sqlite3.connect(tmp_path / "db")
    conn.execute("CREATE TABLE lines (order_id INTEGER, cents INTEGER)")
    assert order_total(conn, 1) == 0
`;

/** What a model says about the change: one concern the gate also has, one of its own, one off the change. */
export const MODEL_REVIEW = `\`\`\`json
[
  {"file": "app/orders.py", "line": 18, "severity": "high", "kind": "security", "title": "SQL built from request data",
   "comment": "The customer name from the query string is formatted into the SQL: SQL injection.",
   "suggestion": "    return conn.execute(\\"SELECT id, cents FROM orders WHERE customer = ?\\", (customer,)).fetchall()",
   "pattern": "app/users.py:13"},
  {"file": "app/orders.py", "line": 16, "severity": "medium", "kind": "bug", "title": "missing customer is not handled",
   "comment": "request.args.get returns None when the parameter is missing; the query then looks for the customer 'None'.",
   "suggestion": "    customer = request.args[\\"customer\\"]", "pattern": null},
  {"file": "app/orders.py", "line": 1, "severity": "low", "kind": "style", "title": "imports",
   "comment": "Sort the imports.", "suggestion": null, "pattern": null}
]
\`\`\``;
