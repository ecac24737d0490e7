import io

import paramiko
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from .models import DeployKey


@login_required
def create_deploy_key(request, repo_id):
    key = paramiko.RSAKey.generate(bits=4096)
    buffer = io.StringIO()
    key.write_private_key(buffer)
    deploy_key = DeployKey.objects.create(
        repo_id=repo_id,
        owner=request.user,
        private_key=buffer.getvalue(),
        public_key=f"{key.get_name()} {key.get_base64()}",
    )
    return JsonResponse({"id": deploy_key.id, "public_key": deploy_key.public_key})
