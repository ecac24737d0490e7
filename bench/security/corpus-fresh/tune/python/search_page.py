from html import escape

from flask import Flask, Response, request

app = Flask(__name__)


def run_search(q):
    return []


@app.route("/search")
def search():
    q = request.args.get("q", "")
    results = run_search(q)
    if not results:
        return f"<p>No results for <b>{q}</b></p>"
    items = "".join(f"<li>{escape(r.title)}</li>" for r in results)
    return f"<h2>Results for {escape(q)}</h2><ul>{items}</ul>"


@app.route("/error")
def error_page():
    reason = request.args.get("reason", "unknown")
    html = "<html><body><h1>Error</h1><div>" + reason + "</div></body></html>"
    return Response(html, mimetype="text/html")


@app.route("/echo.json")
def echo_json():
    return {"q": request.args.get("q", "")}
