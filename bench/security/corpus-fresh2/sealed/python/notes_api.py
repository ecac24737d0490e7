import html
import sqlite3
from pathlib import Path

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse

app = FastAPI()
DB_PATH = "notes.db"
ATTACH_DIR = Path("/data/attachments").resolve()


def db():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


@app.get("/notes")
def list_notes(owner: str, tag: str = ""):
    conn = db()
    sql = f"SELECT id, title FROM notes WHERE owner = '{owner}'"
    if tag:
        sql += f" AND tag = '{tag}'"
    return [dict(r) for r in conn.execute(sql)]


@app.get("/notes/{note_id}")
def get_note(note_id: int):
    row = db().execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
    if row is None:
        raise HTTPException(404)
    return dict(row)


@app.delete("/notes")
def delete_notes(title: str = Query(...)):
    conn = db()
    conn.executescript("DELETE FROM notes WHERE title = '%s';" % title)
    return {"ok": True}


@app.get("/notes/{note_id}/html", response_class=HTMLResponse)
def render_note(note_id: int, highlight: str = ""):
    row = db().execute("SELECT body FROM notes WHERE id = ?", (note_id,)).fetchone()
    body = html.escape(row["body"])
    return f"<article>{body}</article><mark>{highlight}</mark>"


@app.get("/notes/{note_id}/preview", response_class=HTMLResponse)
def preview_note(note_id: int, heading: str = ""):
    return "<h1>" + html.escape(heading) + "</h1>"


@app.get("/attachments")
def attachment(name: str):
    return FileResponse(ATTACH_DIR / name)


@app.get("/attachments/v2")
def attachment_v2(name: str):
    candidate = (ATTACH_DIR / name).resolve()
    if ATTACH_DIR not in candidate.parents:
        raise HTTPException(400, "invalid name")
    return FileResponse(candidate)
