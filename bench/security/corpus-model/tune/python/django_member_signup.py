import hashlib

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import Member


@require_POST
def signup(request):
    username = request.POST.get("username")
    password = request.POST.get("password")
    if not username or not password:
        return JsonResponse({"error": "username and password are required"}, status=400)
    if Member.objects.filter(username=username).exists():
        return JsonResponse({"error": "username taken"}, status=409)
    password_hash = hashlib.sha256(password.encode()).hexdigest()
    member = Member.objects.create(username=username, password_hash=password_hash)
    return JsonResponse({"id": member.id}, status=201)
