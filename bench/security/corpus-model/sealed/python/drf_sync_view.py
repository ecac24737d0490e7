from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .sync import sync_account


@api_view(["POST"])
@permission_classes([IsAuthenticated])
def sync(request):
    try:
        result = sync_account(request.user, request.data.get("provider"))
    except Exception as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return Response({"synced": result.count})
