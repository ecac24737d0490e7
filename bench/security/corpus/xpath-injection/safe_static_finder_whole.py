import posixpath

from django.contrib.staticfiles import finders
from django.http import Http404, JsonResponse


def locate_static(request, path):
    # A finder looks a relative path up among the static folders; it is not an XPath query.
    normalized = posixpath.normpath(path).lstrip("/")
    found = finders.find(normalized)
    if not found:
        raise Http404
    return JsonResponse({"found": True})
