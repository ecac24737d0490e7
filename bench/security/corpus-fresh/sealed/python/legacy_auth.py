import hashlib
import hmac
import ssl
import urllib.request

from jinja2 import Environment, DictLoader

LOGIN_TEMPLATES = {
    "error.html": "<div class='error'>Login failed for {{ username }}</div>",
    "welcome.html": "<h1>Welcome {{ user.display_name }}</h1>",
}

login_env = Environment(loader=DictLoader(LOGIN_TEMPLATES), autoescape=False)
mail_env = Environment(loader=DictLoader(LOGIN_TEMPLATES), autoescape=True)


def check_legacy_password(stored_hex: str, candidate: str) -> bool:
    digest = hashlib.md5(candidate.encode("utf-8")).hexdigest()
    return hmac.compare_digest(digest, stored_hex)


def render_login_error(username: str) -> str:
    return login_env.get_template("error.html").render(username=username)


def fetch_sso_metadata(url: str) -> bytes:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    with urllib.request.urlopen(url, context=ctx, timeout=5) as r:
        return r.read()
