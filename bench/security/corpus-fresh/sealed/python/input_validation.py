import re

USERNAME = re.compile(r"^[a-z][a-z0-9_]{2,31}$")
HOSTNAME = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*\.?)+$")
PATH_SEG = re.compile(r"^(\w+|\w+\.)*\.json$")


def valid_username(name: str) -> bool:
    return USERNAME.fullmatch(name) is not None


def valid_hostname(host: str) -> bool:
    return HOSTNAME.match(host) is not None


def matches_rule(value: str, user_rule: str) -> bool:
    return re.search(user_rule, value) is not None


def contains_term(value: str, term: str) -> bool:
    return re.search(re.escape(term), value, flags=re.I) is not None
