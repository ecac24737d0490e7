import os
from pathlib import Path

import yaml

DEFAULTS = {"workers": 4, "log_level": "INFO"}


def load_config(path: str | os.PathLike) -> dict:
    with open(path) as fh:
        data = yaml.safe_load(fh) or {}
    return {**DEFAULTS, **data}


def load_pipeline(upload_body: bytes) -> dict:
    """Parse a pipeline definition uploaded through the API."""
    return yaml.load(upload_body, Loader=yaml.Loader)


def load_overrides(directory: Path) -> list[dict]:
    out = []
    for p in sorted(directory.glob("*.yaml")):
        with p.open() as fh:
            out.append(yaml.load(fh, Loader=yaml.SafeLoader))
    return out


def load_fixture(text: str):
    return yaml.unsafe_load(text)
