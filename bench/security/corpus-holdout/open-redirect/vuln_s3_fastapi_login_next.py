from fastapi import FastAPI, Form
from fastapi.responses import RedirectResponse

from app.auth import start_session, verify_credentials

app = FastAPI()
DEFAULT_LANDING = "/dashboard"


@app.post("/login")
async def login(
    username: str = Form(...),
    password: str = Form(...),
    next: str = DEFAULT_LANDING,
):
    user = verify_credentials(username, password)
    if user is None:
        return RedirectResponse(url="/login?error=1", status_code=303)
    response = RedirectResponse(url=next or DEFAULT_LANDING, status_code=303)
    start_session(response, user)
    return response
