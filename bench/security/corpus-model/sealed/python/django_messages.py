from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import Message


@login_required
def inbox(request):
    messages = Message.objects.filter(recipient=request.user).order_by("-sent_at")
    return render(request, "messages/inbox.html", {"messages": messages})


@login_required
@require_POST
def send_message(request):
    Message.objects.create(
        sender=request.user,
        recipient_id=request.POST["recipient"],
        body=request.POST["body"],
    )
    return redirect("inbox")


@login_required
@require_POST
def delete_message(request, message_id):
    message = get_object_or_404(Message, pk=message_id, recipient=request.user)
    message.delete()
    return redirect("inbox")
