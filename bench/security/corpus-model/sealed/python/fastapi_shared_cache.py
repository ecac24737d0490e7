from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
CACHE_ROOT = Path("/tmp/render-cache")


@app.on_event("startup")
def prepare_cache():
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    CACHE_ROOT.chmod(0o777)


@app.get("/cache/size")
def cache_size():
    return {"files": sum(1 for _ in CACHE_ROOT.iterdir())}
