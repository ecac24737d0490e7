import requests
from django.http import JsonResponse

STATUS_API = "https://status.vendor.example.com/api/v1/incidents"


def incidents(request):
    resp = requests.get(STATUS_API, auth=("svc_dashboard", "hT4#pq9Zx2"), timeout=10)
    resp.raise_for_status()
    return JsonResponse({"incidents": resp.json()})
