from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import text
from sqlalchemy.orm import Session

from .database import get_db

app = FastAPI()
SORT_COLUMNS = {"created_at": "created_at", "total": "total", "customer": "customer"}


@app.get("/orders")
def list_orders(status: str = "pending", sort: str = "created_at", db: Session = Depends(get_db)):
    if sort not in SORT_COLUMNS:
        raise HTTPException(status_code=400, detail="invalid sort column")
    query = text(f"SELECT id, customer, total FROM orders WHERE status = :status ORDER BY {SORT_COLUMNS[sort]}")
    rows = db.execute(query, {"status": status}).fetchall()
    return [{"id": r.id, "customer": r.customer, "total": r.total} for r in rows]
