from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string

from .models import Page


def page(request, slug):
    # The URL picks which stored page is shown; the page's body is not the URL's text.
    found = get_object_or_404(Page, slug=slug)
    return HttpResponse(found.body)


def search(request):
    # Django templates escape what they render.
    query = request.GET.get("q", "")
    return HttpResponse(render_to_string("search.html", {"query": query}))
