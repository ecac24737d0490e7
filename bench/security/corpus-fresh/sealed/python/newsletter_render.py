from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup, escape

env = Environment(loader=PackageLoader("newsletter", "templates"), autoescape=select_autoescape())


def render_issue(issue, subscriber) -> str:
    return env.get_template("issue.html").render(issue=issue, subscriber=subscriber)


def render_custom_intro(intro_template: str, subscriber) -> str:
    return Template(intro_template).render(name=subscriber.first_name)


def headline(text: str) -> Markup:
    return Markup("<h1 class='headline'>") + escape(text) + Markup("</h1>")


def sponsor_block(sponsor) -> Markup:
    return Markup(f"<aside class='sponsor'><a href='{sponsor.url}'>{sponsor.name}</a></aside>")
