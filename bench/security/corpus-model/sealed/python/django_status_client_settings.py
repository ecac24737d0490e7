import requests
from django.conf import settings
from django.http import JsonResponse

STATUS_API = "https://status.vendor.example.com/api/v1/incidents"


def incidents(request):
    resp = requests.get(
        STATUS_API, auth=(settings.STATUS_API_USER, settings.STATUS_API_PASSWORD), timeout=10
    )
    resp.raise_for_status()
    return JsonResponse({"incidents": resp.json()})
