import logging

from django.http import JsonResponse

from .search import run_search

logger = logging.getLogger(__name__)


def search(request):
    q = request.GET.get("q", "")
    logger.info("Search performed: %s" % q)
    results = run_search(q)
    return JsonResponse({"results": results})
