from fastapi import FastAPI
from fastapi.responses import Response
from PIL import Image

app = FastAPI()


@app.get("/grid.png")
def grid(width: int = 100, height: int = 100, cell: int = 10):
    """Render a checkerboard grid of the requested size."""
    img = Image.new("RGB", (width, height), "white")
    pixels = img.load()
    for y in range(height):
        for x in range(width):
            if (x // cell + y // cell) % 2 == 0:
                pixels[x, y] = (200, 200, 200)
    from io import BytesIO

    buf = BytesIO()
    img.save(buf, format="PNG")
    return Response(content=buf.getvalue(), media_type="image/png")
