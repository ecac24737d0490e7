from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.views.decorators.http import require_POST

User = get_user_model()


@require_POST
def signup(request):
    username = request.POST.get("username")
    email = request.POST.get("email", "")
    password = request.POST.get("password")
    if not username or not password:
        return JsonResponse({"error": "username and password are required"}, status=400)
    if User.objects.filter(username=username).exists():
        return JsonResponse({"error": "username taken"}, status=409)
    user = User.objects.create_user(username=username, email=email, password=password)
    return JsonResponse({"id": user.id}, status=201)
