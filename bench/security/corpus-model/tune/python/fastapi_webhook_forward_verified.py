import httpx
from fastapi import FastAPI, Request

app = FastAPI()
PARTNER_URL = "https://partner.example.net/hooks/orders"


@app.post("/orders/notify")
async def notify_partner(request: Request):
    payload = await request.json()
    async with httpx.AsyncClient(timeout=10.0) as client:
        resp = await client.post(PARTNER_URL, json=payload)
    return {"forwarded": resp.status_code == 200}
