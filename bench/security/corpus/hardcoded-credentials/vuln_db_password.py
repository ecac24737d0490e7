import psycopg2

DB_PASSWORD = "kX9#mQ2vL8pR"

def connect():
    return psycopg2.connect(host="db", user="app", password=DB_PASSWORD)
