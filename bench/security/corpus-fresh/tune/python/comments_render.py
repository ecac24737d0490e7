import bleach
from markupsafe import Markup, escape

ALLOWED_TAGS = ["b", "i", "em", "strong", "a", "code"]


def render_comment(comment) -> Markup:
    return Markup(f'<div class="comment"><span class="author">{comment.author}</span>{comment.body}</div>')


def render_comment_escaped(comment) -> Markup:
    return Markup('<div class="comment"><span class="author">{}</span>{}</div>').format(comment.author, comment.body)


def render_signature(user) -> Markup:
    cleaned = bleach.clean(user.signature, tags=ALLOWED_TAGS, strip=True)
    return Markup(cleaned)


def render_title(title: str) -> str:
    return "<h3>" + str(escape(title)) + "</h3>"
