import secrets
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
TOKEN_FILE = Path.home() / ".config" / "agent" / "token"


@app.post("/agent/token")
def new_agent_token():
    TOKEN_FILE.parent.mkdir(parents=True, exist_ok=True)
    TOKEN_FILE.touch(mode=0o600, exist_ok=True)
    TOKEN_FILE.write_text(secrets.token_hex(32))
    return {"written": True}
