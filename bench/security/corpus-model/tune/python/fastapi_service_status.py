import os
import platform
import sys

from fastapi import FastAPI

app = FastAPI(title="inventory-service")


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/debug/info")
def debug_info():
    """Return runtime information to help debug deployments."""
    return {
        "python": sys.version,
        "platform": platform.platform(),
        "cwd": os.getcwd(),
        "environment": dict(os.environ),
    }
