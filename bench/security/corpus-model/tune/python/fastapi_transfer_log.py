import logging

from fastapi import FastAPI

app = FastAPI()
logger = logging.getLogger("transfers")
logging.basicConfig(filename="transfers.log", level=logging.INFO)


@app.post("/transfers")
def create_transfer(from_account: str, to_account: str, amount: float):
    logger.info(f"Transfer requested from {from_account} to {to_account} amount={amount}")
    # the actual transfer is queued for the ledger service
    return {"queued": True}
