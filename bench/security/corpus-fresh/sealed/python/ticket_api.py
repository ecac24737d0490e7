from datetime import datetime
from typing import Optional

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

from .database import get_db

app = FastAPI()


class TicketOut(BaseModel):
    id: int
    title: str
    status: str
    created_at: datetime


def _status_clause(status: Optional[str]) -> str:
    return f"AND status = '{status}'" if status else ""


@app.get("/tickets", response_model=list[TicketOut])
def list_tickets(project: str, status: Optional[str] = None, db: Session = Depends(get_db)):
    query = "SELECT id, title, status, created_at FROM tickets WHERE project = '" + project + "' " + _status_clause(status)
    return db.execute(text(query)).mappings().all()


@app.get("/tickets/{ticket_id}", response_model=TicketOut)
def get_ticket(ticket_id: int, db: Session = Depends(get_db)):
    row = db.execute(
        text("SELECT id, title, status, created_at FROM tickets WHERE id = :tid"), {"tid": ticket_id}
    ).mappings().first()
    if row is None:
        raise HTTPException(status_code=404)
    return row


@app.get("/tickets/{ticket_id}/open")
def open_ticket_in_tracker(ticket_id: int, request: Request):
    tracker = request.query_params.get("tracker", "https://tracker.example.com")
    return RedirectResponse(f"{tracker}/browse/{ticket_id}")


@app.get("/tickets/{ticket_id}/docs")
def ticket_docs(ticket_id: int):
    return RedirectResponse(f"https://docs.example.com/tickets#{ticket_id}")
