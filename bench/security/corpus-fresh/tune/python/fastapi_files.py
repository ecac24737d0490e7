import os
from pathlib import Path

from fastapi import APIRouter, HTTPException, UploadFile
from fastapi.responses import FileResponse

router = APIRouter(prefix="/files")
STORAGE = Path("/var/lib/app/storage").resolve()


@router.get("/{user_id}/{name}")
async def get_file(user_id: int, name: str):
    path = os.path.join(STORAGE, str(user_id), name)
    if not os.path.exists(path):
        raise HTTPException(404)
    return FileResponse(path)


@router.get("/v2/{user_id}/{name:path}")
async def get_file_v2(user_id: int, name: str):
    base = (STORAGE / str(user_id)).resolve()
    path = (base / name).resolve()
    if base not in path.parents:
        raise HTTPException(404)
    return FileResponse(path)


@router.post("/{user_id}")
async def upload(user_id: int, file: UploadFile):
    cleaned = file.filename.replace("../", "")
    dest = STORAGE / str(user_id) / cleaned
    with open(dest, "wb") as out:
        out.write(await file.read())
    return {"stored": cleaned}


@router.delete("/{user_id}/{name}")
async def delete_file(user_id: int, name: str):
    target = STORAGE / str(user_id) / Path(name).name
    target.unlink(missing_ok=True)
    return {"deleted": target.name}
