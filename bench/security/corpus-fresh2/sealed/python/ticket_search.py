from sqlalchemy import text, select, desc, asc
from sqlalchemy.orm import Session

from .models import Ticket

SORTABLE = {"created": Ticket.created_at, "priority": Ticket.priority, "title": Ticket.title}


class TicketRepository:
    def __init__(self, session: Session):
        self.session = session

    def search_by_title(self, fragment: str):
        sql = text(f"SELECT id, title FROM tickets WHERE title LIKE '%{fragment}%'")
        return self.session.execute(sql).all()

    def search_by_reporter(self, reporter: str):
        stmt = text("SELECT id, title FROM tickets WHERE reporter = :who")
        return self.session.execute(stmt, {"who": reporter}).all()

    def list_sorted(self, column: str, direction: str = "asc"):
        order = desc if direction == "desc" else asc
        col = SORTABLE.get(column, Ticket.created_at)
        return self.session.scalars(select(Ticket).order_by(order(col))).all()

    def list_sorted_raw(self, column: str):
        query = "SELECT * FROM tickets ORDER BY %s" % column
        return self.session.execute(text(query)).all()

    def count_in_states(self, states):
        placeholders = ", ".join(f":s{i}" for i in range(len(states)))
        params = {f"s{i}": s for i, s in enumerate(states)}
        stmt = text(f"SELECT count(*) FROM tickets WHERE state IN ({placeholders})")
        return self.session.execute(stmt, params).scalar()

    def close_many(self, ids_csv: str):
        self.session.execute(text("UPDATE tickets SET state='closed' WHERE id IN (" + ids_csv + ")"))
        self.session.commit()
