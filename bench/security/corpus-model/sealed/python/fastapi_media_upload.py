import os

import aiofiles
from fastapi import FastAPI, UploadFile

app = FastAPI()
MEDIA_DIR = "media"


@app.post("/media")
async def upload_media(upload: UploadFile):
    os.makedirs(MEDIA_DIR, exist_ok=True)
    destination = os.path.join(MEDIA_DIR, upload.filename)
    async with aiofiles.open(destination, "wb") as out_file:
        while content := await upload.read(1024 * 1024):
            await out_file.write(content)
    return {"path": f"/{MEDIA_DIR}/{upload.filename}"}
