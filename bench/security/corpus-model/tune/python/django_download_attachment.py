from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from .storage import read_attachment


@login_required
def download(request, attachment_id):
    data = read_attachment(request.user, attachment_id)
    filename = request.GET.get("filename", "attachment.bin")
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment; filename=" + filename
    return response
