from typing import List

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel

from .config import settings


async def verify_token(x_token: str = Header(...)):
    if x_token != settings.api_token:
        raise HTTPException(status_code=401, detail="X-Token header invalid")


class Item(BaseModel):
    name: str
    price: float


items_db: List[Item] = []

router = APIRouter(prefix="/items", dependencies=[Depends(verify_token)])


@router.get("/")
async def read_items():
    return items_db


@router.post("/")
async def create_item(item: Item):
    items_db.append(item)
    return item


@router.delete("/{index}")
async def delete_item(index: int):
    if index < 0 or index >= len(items_db):
        raise HTTPException(status_code=404, detail="Item not found")
    return items_db.pop(index)


app = FastAPI()
app.include_router(router)


@app.get("/health")
async def health():
    return {"status": "ok"}
