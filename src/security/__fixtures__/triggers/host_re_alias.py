import re as _re

ALLOWED = "^(www|beta).example.com/"


def allowed(url):
    return _re.match(ALLOWED, url) is not None
