import os

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse


@login_required
def upload_avatar(request):
    if request.method != "POST":
        return JsonResponse({"error": "POST required"}, status=405)
    f = request.FILES.get("avatar")
    if f is None:
        return JsonResponse({"error": "no file"}, status=400)
    destination = os.path.join(settings.MEDIA_ROOT, "avatars", f.name)
    with open(destination, "wb+") as out:
        for chunk in f.chunks():
            out.write(chunk)
    request.user.profile.avatar = "avatars/" + f.name
    request.user.profile.save()
    return JsonResponse({"url": settings.MEDIA_URL + "avatars/" + f.name})
