import io
import json
import pickle
from pathlib import Path

import joblib
import requests
import torch

MODEL_DIR = Path("/opt/models")


def load_local_model(name: str):
    with open(MODEL_DIR / f"{name}.pkl", "rb") as fh:
        return pickle.load(fh)


def load_model_from_url(url: str):
    resp = requests.get(url, timeout=60)
    resp.raise_for_status()
    return pickle.loads(resp.content)


def load_uploaded_estimator(upload) -> object:
    return joblib.load(io.BytesIO(upload.read()))


def load_checkpoint(path: str):
    return torch.load(path, map_location="cpu", weights_only=True)


def load_label_map(upload) -> dict:
    return json.load(upload)
