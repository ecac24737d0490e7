import uuid
from pathlib import Path

from fastapi import FastAPI, File, HTTPException, UploadFile

app = FastAPI()
IMPORT_DIR = Path("/srv/imports")
MAX_BYTES = 5 * 1024 * 1024


@app.post("/imports")
async def import_csv(file: UploadFile = File(...)):
    if file.content_type not in ("text/csv", "application/vnd.ms-excel"):
        raise HTTPException(status_code=415, detail="Only CSV files are accepted")
    if not file.filename.lower().endswith(".csv"):
        raise HTTPException(status_code=415, detail="Only CSV files are accepted")
    contents = await file.read(MAX_BYTES + 1)
    if len(contents) > MAX_BYTES:
        raise HTTPException(status_code=413, detail="File too large")
    target = IMPORT_DIR / f"{uuid.uuid4()}.csv"
    target.write_bytes(contents)
    return {"import_id": target.stem}
