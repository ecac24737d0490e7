import smtplib
import ssl
import urllib.request


def fetch_status(url: str) -> bytes:
    ctx = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=ctx, timeout=10) as resp:
        return resp.read()


def send_report(host: str, sender: str, rcpt: str, body: str) -> None:
    ctx = ssl.create_default_context()
    with smtplib.SMTP(host, 587) as s:
        s.starttls(context=ctx)
        s.sendmail(sender, [rcpt], body)


def legacy_client_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx
