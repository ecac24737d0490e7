from datetime import datetime, timedelta

import jwt
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from .users import authenticate_user

SECRET_KEY = "b7f3c9e1a2d4f6a8c0e2b4d6f8a0c2e4"
ALGORITHM = "HS256"
ACCESS_TOKEN_EXPIRE_MINUTES = 30

app = FastAPI()


class LoginForm(BaseModel):
    username: str
    password: str


@app.post("/token")
def login(form: LoginForm):
    user = authenticate_user(form.username, form.password)
    if not user:
        raise HTTPException(status_code=401, detail="Incorrect username or password")
    expire = datetime.utcnow() + timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES)
    token = jwt.encode({"sub": user.username, "exp": expire}, SECRET_KEY, algorithm=ALGORITHM)
    return {"access_token": token, "token_type": "bearer"}
