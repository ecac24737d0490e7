from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def remember_device(request):
    token = request.user.profile.issue_device_token()
    resp = JsonResponse({"ok": True})
    resp.set_cookie("device_token", token, max_age=60 * 60 * 24 * 90, secure=False, httponly=False)
    return resp


@require_POST
def remember_device_v2(request):
    token = request.user.profile.issue_device_token()
    resp = JsonResponse({"ok": True})
    resp.set_cookie(
        "device_token", token, max_age=60 * 60 * 24 * 90, secure=True, httponly=True, samesite="Strict"
    )
    return resp


@require_POST
def set_language(request):
    resp = JsonResponse({"ok": True})
    resp.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.POST.get("lang", "en"), secure=True, samesite="Lax")
    return resp
