import smtplib
import ssl
from email.message import EmailMessage

from fastapi import FastAPI
from pydantic import BaseModel, EmailStr

from .config import settings

app = FastAPI()


class Contact(BaseModel):
    email: EmailStr
    message: str


@app.post("/contact")
def contact(form: Contact):
    msg = EmailMessage()
    msg["Subject"] = "Contact form"
    msg["From"] = settings.mail_from
    msg["To"] = settings.mail_to
    msg.set_content(f"From: {form.email}\n\n{form.message}")
    context = ssl.create_default_context()
    with smtplib.SMTP_SSL(settings.smtp_host, 465, context=context) as server:
        server.login(settings.smtp_user, settings.smtp_password)
        server.send_message(msg)
    return {"sent": True}
