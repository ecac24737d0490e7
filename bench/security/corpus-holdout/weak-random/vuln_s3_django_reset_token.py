import random
import string

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import PasswordResetToken

ALPHABET = string.ascii_letters + string.digits


def make_reset_token(length=32):
    return "".join(random.choice(ALPHABET) for _ in range(length))


@require_POST
def request_password_reset(request):
    email = request.POST.get("email", "")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return JsonResponse({"ok": True})
    token = make_reset_token()
    PasswordResetToken.objects.create(user=user, token=token)
    link = f"https://accounts.example.com/reset/{token}"
    send_mail("Reset your password", f"Follow this link: {link}", None, [user.email])
    return JsonResponse({"ok": True})
