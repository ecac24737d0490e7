from dataclasses import dataclass
from datetime import date

from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from .models import Order

engine = create_engine("postgresql+psycopg://app@db/shop")


@dataclass
class OrderFilter:
    status: str
    since: date
    customer_name: str | None = None


class OrderRepository:
    def __init__(self, session: Session):
        self.session = session

    def by_status(self, status: str):
        stmt = text("SELECT id, total FROM orders WHERE status = :status")
        return self.session.execute(stmt, {"status": status}).all()

    def by_filter(self, f: OrderFilter):
        clause = f"status = '{f.status}' AND created_at >= '{f.since.isoformat()}'"
        if f.customer_name:
            clause += f" AND customer_name = '{f.customer_name}'"
        return self.session.execute(text(f"SELECT id, total FROM orders WHERE {clause}")).all()

    def by_customer(self, customer_id: int):
        return self.session.scalars(select(Order).where(Order.customer_id == customer_id)).all()

    def top_n(self, n: int):
        with engine.connect() as conn:
            return conn.execute(text("SELECT id, total FROM orders ORDER BY total DESC LIMIT :n"), {"n": n}).all()
