import random
import secrets
import string

ALPHABET = string.ascii_uppercase + string.digits


def generate_invite_code(length: int = 10) -> str:
    return "".join(random.choice(ALPHABET) for _ in range(length))


def generate_reset_token() -> str:
    return secrets.token_urlsafe(32)


def generate_api_key() -> str:
    return "ak_" + "".join(secrets.choice(ALPHABET) for _ in range(32))


def shuffle_onboarding_tips(tips: list[str]) -> list[str]:
    copy = list(tips)
    random.shuffle(copy)
    return copy


def new_session_id() -> str:
    return "%032x" % random.getrandbits(128)
