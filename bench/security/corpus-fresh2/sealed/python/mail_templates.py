from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup, escape
from flask import Flask, render_template_string, request

app = Flask(__name__)

plain_env = Environment(loader=FileSystemLoader("mail"), autoescape=False)
html_env = Environment(loader=FileSystemLoader("mail"), autoescape=select_autoescape(["html", "xml"]))


def welcome_html(display_name: str) -> str:
    tpl = plain_env.get_template("welcome.html")
    return tpl.render(name=display_name)


def welcome_html_v2(display_name: str) -> str:
    return html_env.get_template("welcome.html").render(name=display_name)


def custom_footer(footer_source: str, company: str) -> str:
    return Template(footer_source).render(company=company)


@app.route("/preview")
def preview():
    subject = request.args.get("subject", "")
    return render_template_string("<h3>{{ subject }}</h3>", subject=subject)


@app.route("/preview2")
def preview2():
    subject = request.args.get("subject", "")
    return render_template_string("<h3>" + subject + "</h3>")


def signature_block(name: str, title: str) -> Markup:
    return Markup("<b>{}</b><br>{}").format(name, title)


def signature_block_raw(name: str) -> Markup:
    return Markup("<b>%s</b>" % name)


def quote_line(text: str) -> str:
    return f"<blockquote>{escape(text)}</blockquote>"
