import html
from urllib.parse import urlparse

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, RedirectResponse, PlainTextResponse
from starlette.routing import Route

TRUSTED_HOSTS = {"app.example.org", "docs.example.org"}


async def search(request):
    q = request.query_params.get("q", "")
    return HTMLResponse(f"<h2>Results for {q}</h2><ul></ul>")


async def search_escaped(request):
    q = html.escape(request.query_params.get("q", ""))
    return HTMLResponse(f"<h2>Results for {q}</h2>")


async def echo_text(request):
    return PlainTextResponse(request.query_params.get("msg", ""))


async def leave(request):
    to = request.query_params.get("to", "/")
    return RedirectResponse(to)


async def leave_checked(request):
    to = request.query_params.get("to", "/")
    parsed = urlparse(to)
    if parsed.scheme not in ("https",) or parsed.hostname not in TRUSTED_HOSTS:
        to = "/"
    return RedirectResponse(to)


async def leave_prefix(request):
    to = request.query_params.get("to", "/")
    if to.startswith("https://app.example.org"):
        return RedirectResponse(to)
    return RedirectResponse("/")


app = Starlette(routes=[
    Route("/search", search), Route("/search2", search_escaped), Route("/echo", echo_text),
    Route("/leave", leave), Route("/leave2", leave_checked), Route("/leave3", leave_prefix),
])
