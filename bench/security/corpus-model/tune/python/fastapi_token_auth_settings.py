from datetime import datetime, timedelta

import jwt
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from pydantic_settings import BaseSettings

from .users import authenticate_user


class Settings(BaseSettings):
    jwt_secret: str
    jwt_algorithm: str = "HS256"
    access_token_minutes: int = 30


settings = Settings()
app = FastAPI()


class LoginForm(BaseModel):
    username: str
    password: str


@app.post("/token")
def login(form: LoginForm):
    user = authenticate_user(form.username, form.password)
    if not user:
        raise HTTPException(status_code=401, detail="Incorrect username or password")
    expire = datetime.utcnow() + timedelta(minutes=settings.access_token_minutes)
    token = jwt.encode({"sub": user.username, "exp": expire}, settings.jwt_secret, algorithm=settings.jwt_algorithm)
    return {"access_token": token, "token_type": "bearer"}
