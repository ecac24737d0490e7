from typing import Annotated

from fastapi import Depends, FastAPI, Query
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from .db import get_session

app = FastAPI(title="inventory")

SessionDep = Annotated[AsyncSession, Depends(get_session)]


@app.get("/items")
async def list_items(session: SessionDep, category: str = Query(...), order: str = "name"):
    sql = f"SELECT id, name, price FROM items WHERE category = '{category}' ORDER BY {order}"
    result = await session.execute(text(sql))
    return [dict(r._mapping) for r in result]


@app.get("/items/{item_id}")
async def get_item(item_id: int, session: SessionDep):
    result = await session.execute(text("SELECT id, name, price FROM items WHERE id = :id"), {"id": item_id})
    row = result.first()
    return dict(row._mapping) if row else None


@app.get("/items/search/by-tag")
async def by_tag(tag: str, session: SessionDep):
    stmt = text("SELECT i.id, i.name FROM items i JOIN item_tags t ON t.item_id = i.id WHERE t.tag = :tag").bindparams(tag=tag)
    result = await session.execute(stmt)
    return [dict(r._mapping) for r in result]


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=8000)
