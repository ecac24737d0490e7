from django.contrib.auth.decorators import login_required, user_passes_test
from django.contrib.auth.models import User
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST


def is_staff(user):
    return user.is_staff


@login_required
def dashboard(request):
    return render(request, "dashboard.html", {"user": request.user})


@login_required
@user_passes_test(is_staff)
def user_list(request):
    users = User.objects.all().order_by("username")
    return render(request, "staff/users.html", {"users": users})


@login_required
@require_POST
def deactivate_user(request, user_id):
    # deactivate the account so the user can no longer log in
    user = get_object_or_404(User, pk=user_id)
    user.is_active = False
    user.save()
    return redirect("user_list")


@login_required
def user_detail_json(request, user_id):
    if not request.user.is_staff:
        return HttpResponseForbidden()
    user = get_object_or_404(User, pk=user_id)
    return JsonResponse({"id": user.id, "username": user.username, "email": user.email})
