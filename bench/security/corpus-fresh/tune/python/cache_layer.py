import json
import marshal
import shelve
import zlib

import redis

r = redis.Redis(host="cache", port=6379)


def cache_code_object(key: str, source: str) -> None:
    code = compile(source, key, "exec")
    r.set(f"code:{key}", marshal.dumps(code))


def fetch_code_object(key: str):
    blob = r.get(f"code:{key}")
    return marshal.loads(blob) if blob else None


def remember_result(key: str, value: dict) -> None:
    r.set(f"res:{key}", zlib.compress(json.dumps(value).encode()))


def recall_result(key: str):
    blob = r.get(f"res:{key}")
    return json.loads(zlib.decompress(blob)) if blob else None


def open_user_store(uploaded_db_path: str):
    with shelve.open(uploaded_db_path) as db:
        return dict(db)
