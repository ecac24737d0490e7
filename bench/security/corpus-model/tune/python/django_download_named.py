import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from .storage import read_attachment

SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


@login_required
def download(request, attachment_id):
    data = read_attachment(request.user, attachment_id)
    filename = request.GET.get("filename", "attachment.bin")
    if not SAFE_NAME.fullmatch(filename):
        raise Http404("bad file name")
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
