from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATE_DIR = "templates/email"

plain_env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=False)
html_env = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(["html", "xml"]),
)


def render_welcome(user) -> str:
    tpl = plain_env.get_template("welcome.html")
    return tpl.render(name=user.display_name, company=user.company)


def render_receipt(order) -> str:
    tpl = html_env.get_template("receipt.html")
    return tpl.render(order=order)


def render_text_digest(items) -> str:
    text_env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=False)
    return text_env.get_template("digest.txt").render(items=items)
