import logging

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from .gateway import charge_card, GatewayError

app = FastAPI()
log = logging.getLogger("payments")


class Charge(BaseModel):
    amount_cents: int
    token: str


@app.post("/charges")
def create_charge(charge: Charge):
    if charge.amount_cents <= 0:
        raise HTTPException(status_code=400, detail="amount must be positive")
    try:
        receipt = charge_card(charge.token, charge.amount_cents)
    except GatewayError:
        log.exception("charge failed")
        raise HTTPException(status_code=502, detail="payment provider unavailable")
    return {"receipt": receipt.id}
