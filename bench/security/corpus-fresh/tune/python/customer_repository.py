import sqlite3
import subprocess
from pathlib import Path

import yaml

DB = Path("/var/lib/crm/customers.db")
EXPORTS = Path("/var/lib/crm/exports").resolve()


class CustomerRepository:
    def __init__(self, path: Path = DB):
        self.conn = sqlite3.connect(path)

    def by_country(self, country: str, limit: int = 100):
        return self.conn.execute(
            "SELECT id, name, email FROM customers WHERE country = ? ORDER BY name LIMIT ?", (country, limit)
        ).fetchall()

    def search(self, term: str):
        like = f"%{term}%"
        return self.conn.execute("SELECT id, name FROM customers WHERE name LIKE ?", (like,)).fetchall()

    def rename(self, customer_id: int, new_name: str) -> None:
        with self.conn:
            self.conn.execute("UPDATE customers SET name = :name WHERE id = :id", {"name": new_name, "id": customer_id})


def export_csv(repo: CustomerRepository, filename: str) -> Path:
    target = (EXPORTS / filename).resolve()
    if target.parent != EXPORTS:
        raise ValueError("export must be written directly into the exports folder")
    rows = repo.conn.execute("SELECT id, name, email FROM customers").fetchall()
    target.write_text("\n".join(",".join(map(str, r)) for r in rows))
    return target


def compress_export(path: Path) -> None:
    subprocess.run(["gzip", "-9", "--", str(path)], check=True)


def load_mapping(text: str) -> dict:
    return yaml.safe_load(text) or {}
