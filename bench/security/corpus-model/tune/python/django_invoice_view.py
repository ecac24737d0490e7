import logging

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from .billing import BillingError, render_invoice

logger = logging.getLogger(__name__)


@login_required
def invoice_pdf(request, invoice_id):
    try:
        url = render_invoice(request.user, invoice_id)
    except BillingError:
        logger.exception("invoice %s could not be rendered", invoice_id)
        return JsonResponse({"error": "Invoice unavailable, please try again later."}, status=502)
    return JsonResponse({"url": url})
