import csv
import io

from fastapi import FastAPI, Query
from fastapi.responses import StreamingResponse

from .data import sample_row

app = FastAPI()


@app.get("/export.csv")
def export_csv(rows: int = Query(1000, gt=0, le=10000)):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "name", "value"])
    for i in range(rows):
        writer.writerow(sample_row(i))
    buffer.seek(0)
    return StreamingResponse(iter([buffer.getvalue()]), media_type="text/csv")
