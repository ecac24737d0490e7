import csv
import traceback

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from .models import Sale


@login_required
def export_sales(request):
    try:
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="sales.csv"'
        writer = csv.writer(response)
        writer.writerow(["date", "product", "amount"])
        for sale in Sale.objects.filter(store=request.user.store).order_by("date"):
            writer.writerow([sale.date, sale.product.name, sale.amount])
        return response
    except Exception:
        return HttpResponse("Export failed:\n" + traceback.format_exc(), status=500, content_type="text/plain")
