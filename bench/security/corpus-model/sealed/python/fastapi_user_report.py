import psycopg2
from fastapi import FastAPI

from .config import DSN

app = FastAPI()


def build_report_query(username, start_date):
    return "SELECT date, amount FROM payments WHERE username = '{}' AND date >= '{}'".format(username, start_date)


@app.get("/reports/{username}")
def user_report(username: str, start: str = "2024-01-01"):
    conn = psycopg2.connect(DSN)
    with conn.cursor() as cur:
        cur.execute(build_report_query(username, start))
        rows = cur.fetchall()
    conn.close()
    return [{"date": str(d), "amount": float(a)} for d, a in rows]
