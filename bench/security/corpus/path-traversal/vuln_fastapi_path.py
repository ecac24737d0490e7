from pathlib import Path
from fastapi import FastAPI

app = FastAPI()
BASE = Path("/srv/docs")

@app.get("/docs/{name}")
def doc(name: str):
    return {"text": (BASE / name).read_text()}
