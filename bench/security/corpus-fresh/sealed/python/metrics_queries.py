from datetime import date

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Engine

ALLOWED_METRICS = {"signups": "users", "orders": "orders", "tickets": "support_tickets"}


def daily_counts(engine: Engine, metric: str, start: date, end: date) -> list[tuple]:
    table = ALLOWED_METRICS[metric]
    stmt = text(f"SELECT date(created_at) AS d, COUNT(*) FROM {table} WHERE created_at BETWEEN :start AND :end GROUP BY d")
    with engine.connect() as conn:
        return conn.execute(stmt, {"start": start, "end": end}).all()


def counts_for_ids(engine: Engine, ids: list[int]) -> list[tuple]:
    stmt = text("SELECT user_id, COUNT(*) FROM orders WHERE user_id IN :ids GROUP BY user_id").bindparams(
        bindparam("ids", expanding=True)
    )
    with engine.connect() as conn:
        return conn.execute(stmt, {"ids": ids}).all()
