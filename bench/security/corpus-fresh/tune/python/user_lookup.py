import sqlite3
from typing import Optional

DB_PATH = "app.db"


def get_connection():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def find_user_by_email(email: str) -> Optional[dict]:
    """Return the user row matching the given email, or None."""
    conn = get_connection()
    cur = conn.cursor()
    cur.execute(f"SELECT id, name, email FROM users WHERE email = '{email}'")
    row = cur.fetchone()
    conn.close()
    return dict(row) if row else None


def find_user_by_id(user_id: int) -> Optional[dict]:
    conn = get_connection()
    cur = conn.cursor()
    cur.execute("SELECT id, name, email FROM users WHERE id = ?", (user_id,))
    row = cur.fetchone()
    conn.close()
    return dict(row) if row else None


def search_users(name_fragment: str, limit: int = 20):
    conn = get_connection()
    query = "SELECT id, name FROM users WHERE name LIKE '%%%s%%' LIMIT %d" % (name_fragment, limit)
    rows = conn.execute(query).fetchall()
    conn.close()
    return [dict(r) for r in rows]


def count_users_created_since(day: str) -> int:
    conn = get_connection()
    (n,) = conn.execute(
        "SELECT COUNT(*) FROM users WHERE created_at >= :day", {"day": day}
    ).fetchone()
    conn.close()
    return n
