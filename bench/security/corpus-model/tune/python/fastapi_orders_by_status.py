from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

from .database import get_db

app = FastAPI()


@app.get("/orders")
def list_orders(status: str = "pending", sort: str = "created_at", db: Session = Depends(get_db)):
    query = text(f"SELECT id, customer, total FROM orders WHERE status = '{status}' ORDER BY {sort}")
    rows = db.execute(query).fetchall()
    return [{"id": r.id, "customer": r.customer, "total": r.total} for r in rows]
