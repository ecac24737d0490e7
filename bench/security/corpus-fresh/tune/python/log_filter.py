import re
from typing import Iterable, Iterator

EMAIL_RE = re.compile(r"^([a-zA-Z0-9_\.\-]+)+@([a-zA-Z0-9\-]+\.)+[a-zA-Z]{2,}$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def grep_lines(lines: Iterable[str], pattern: str) -> Iterator[str]:
    """Yield log lines that match a user-supplied search pattern."""
    rx = re.compile(pattern)
    for line in lines:
        if rx.search(line):
            yield line


def grep_literal(lines: Iterable[str], needle: str) -> Iterator[str]:
    rx = re.compile(re.escape(needle), re.IGNORECASE)
    return (l for l in lines if rx.search(l))


def valid_contact(email: str) -> bool:
    return bool(EMAIL_RE.match(email))


def has_timestamp(line: str) -> bool:
    return TIMESTAMP_RE.match(line) is not None
