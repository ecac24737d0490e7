import logging

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
logger = logging.getLogger("transfers")


class Transfer(BaseModel):
    from_account_id: int
    to_account_id: int
    amount_cents: int


@app.post("/transfers")
def create_transfer(transfer: Transfer):
    logger.info(
        "transfer requested from=%d to=%d amount=%d",
        transfer.from_account_id,
        transfer.to_account_id,
        transfer.amount_cents,
    )
    return {"queued": True}
