import subprocess

import requests
from celery import Celery

celery_app = Celery("worker", broker="redis://localhost:6379/0")

INVENTORY_API = "https://inventory.internal.example.net"


@celery_app.task
def render_pdf(job):
    html_path = job["html_path"]
    margin = job.get("margin", "10mm")
    subprocess.run(f"wkhtmltopdf --margin-top {margin} {html_path} /tmp/out.pdf", shell=True, check=True)
    return "/tmp/out.pdf"


@celery_app.task
def render_pdf_v2(job):
    cmd = ["wkhtmltopdf", "--margin-top", str(job.get("margin", "10mm")), job["html_path"], "/tmp/out2.pdf"]
    subprocess.run(cmd, check=True)
    return "/tmp/out2.pdf"


@celery_app.task(bind=True, max_retries=3)
def fetch_feed(self, feed_url):
    resp = requests.get(feed_url, timeout=10)
    return resp.text[:10000]


@celery_app.task
def sync_stock(sku):
    resp = requests.get(f"{INVENTORY_API}/v1/stock/{sku}", timeout=5)
    resp.raise_for_status()
    return resp.json()


@celery_app.task
def ping_partner(partner):
    endpoint = "https://%s/api/ping" % partner["domain"]
    return requests.post(endpoint, timeout=5).status_code


@celery_app.task
def cleanup(days: int):
    return subprocess.check_call(["find", "/tmp/exports", "-mtime", f"+{int(days)}", "-delete"])
