import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/fetch")
async def fetch(url: str):
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
    return {"status": response.status_code}
