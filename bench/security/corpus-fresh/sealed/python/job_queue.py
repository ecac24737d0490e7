import json
import pickle
import shelve
from dataclasses import asdict, dataclass

import redis
import yaml

queue = redis.Redis(host="queue", port=6379, db=2)
STATE_FILE = "/var/lib/worker/state"


@dataclass
class Job:
    kind: str
    payload: dict


def enqueue(job: Job) -> None:
    queue.rpush("jobs", json.dumps(asdict(job)))


def dequeue() -> Job | None:
    raw = queue.lpop("jobs")
    return Job(**json.loads(raw)) if raw else None


def dequeue_legacy():
    raw = queue.lpop("jobs:legacy")
    return pickle.loads(raw) if raw else None


def load_job_spec(spec_text: str) -> dict:
    return yaml.load(spec_text, Loader=yaml.UnsafeLoader)


def remember_progress(job_id: str, pct: int) -> None:
    with shelve.open(STATE_FILE) as db:
        db[job_id] = pct
