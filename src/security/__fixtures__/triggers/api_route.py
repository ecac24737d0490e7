from fastapi import FastAPI
from fastapi.responses import RedirectResponse
app = FastAPI()

@app.api_route("/go", methods=["GET"])
def go(url: str):
    return RedirectResponse(url)
