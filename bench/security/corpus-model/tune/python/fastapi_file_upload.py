import shutil
from pathlib import Path

from fastapi import FastAPI, File, UploadFile

app = FastAPI()

UPLOAD_FOLDER = Path("static/uploads")
UPLOAD_FOLDER.mkdir(parents=True, exist_ok=True)


@app.post("/upload/")
async def upload_file(file: UploadFile = File(...)):
    """Save the uploaded file and return its public URL."""
    file_location = UPLOAD_FOLDER / file.filename
    with open(file_location, "wb") as buffer:
        shutil.copyfileobj(file.file, buffer)
    return {"filename": file.filename, "url": f"/static/uploads/{file.filename}"}
