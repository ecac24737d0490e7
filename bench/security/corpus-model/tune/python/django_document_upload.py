import os
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

ALLOWED_EXTENSIONS = {".pdf", ".docx", ".txt"}
MAX_SIZE = 10 * 1024 * 1024


@login_required
def upload_document(request):
    upload = request.FILES.get("document")
    if upload is None:
        return JsonResponse({"error": "missing file"}, status=400)
    ext = os.path.splitext(upload.name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        return JsonResponse({"error": "unsupported file type"}, status=400)
    if upload.size > MAX_SIZE:
        return JsonResponse({"error": "file too large"}, status=400)
    stored_name = f"{uuid.uuid4().hex}{ext}"
    path = os.path.join(settings.MEDIA_ROOT, "documents", stored_name)
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return JsonResponse({"id": stored_name})
