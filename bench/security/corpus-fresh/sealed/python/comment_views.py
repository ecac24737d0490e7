from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape, format_html

from .models import Comment


def comment_fragment(request, pk):
    c = get_object_or_404(Comment, pk=pk)
    return HttpResponse(f"<div class='comment'><b>{c.author_name}</b><p>{c.text}</p></div>")


def comment_fragment_escaped(request, pk):
    c = get_object_or_404(Comment, pk=pk)
    return HttpResponse(format_html("<div class='comment'><b>{}</b><p>{}</p></div>", c.author_name, c.text))


def preview(request):
    text = request.POST.get("text", "")
    return HttpResponse("<p class='preview'>" + escape(text) + "</p>")


def search(request):
    q = request.GET.get("q", "")
    html = "<h2>Search: %s</h2>" % q
    return HttpResponse(html + "<ul></ul>")


def comment_page(request, pk):
    return render(request, "comments/detail.html", {"comment": get_object_or_404(Comment, pk=pk)})
