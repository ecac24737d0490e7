from io import BytesIO

from fastapi import FastAPI, Query
from fastapi.responses import Response
from PIL import Image

app = FastAPI()


@app.get("/grid.png")
def grid(
    width: int = Query(100, ge=1, le=1024),
    height: int = Query(100, ge=1, le=1024),
    cell: int = Query(10, ge=1, le=128),
):
    img = Image.new("RGB", (width, height), "white")
    pixels = img.load()
    for y in range(height):
        for x in range(width):
            if (x // cell + y // cell) % 2 == 0:
                pixels[x, y] = (200, 200, 200)
    buf = BytesIO()
    img.save(buf, format="PNG")
    return Response(content=buf.getvalue(), media_type="image/png")
