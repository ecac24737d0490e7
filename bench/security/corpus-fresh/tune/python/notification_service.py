import os
import smtplib
from email.message import EmailMessage

import requests

SLACK_WEBHOOK = "https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX"
SENDGRID_API_KEY = "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"
SMTP_HOST = "smtp.example.com"
SMTP_USER = "alerts@example.com"
SMTP_PASSWORD = "Winter2024!alerts"
PAGERDUTY_KEY = os.environ.get("PAGERDUTY_ROUTING_KEY")


def send_email(to: str, subject: str, body: str) -> None:
    msg = EmailMessage()
    msg["From"] = SMTP_USER
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    with smtplib.SMTP(SMTP_HOST, 587) as s:
        s.starttls()
        s.login(SMTP_USER, SMTP_PASSWORD)
        s.send_message(msg)


def send_via_sendgrid(to: str, subject: str, body: str) -> int:
    r = requests.post(
        "https://api.sendgrid.com/v3/mail/send",
        headers={"Authorization": f"Bearer {SENDGRID_API_KEY}"},
        json={"personalizations": [{"to": [{"email": to}]}], "from": {"email": SMTP_USER}, "subject": subject,
              "content": [{"type": "text/plain", "value": body}]},
        timeout=10,
    )
    return r.status_code


def page_oncall(summary: str) -> None:
    requests.post("https://events.pagerduty.com/v2/enqueue", json={
        "routing_key": PAGERDUTY_KEY, "event_action": "trigger",
        "payload": {"summary": summary, "severity": "error", "source": "api"},
    }, timeout=10)
