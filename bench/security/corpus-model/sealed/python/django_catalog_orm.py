from django.http import JsonResponse

from .models import Product


def products(request):
    category = request.GET.get("category", "")
    rows = Product.objects.filter(category=category).order_by("price").values("id", "name", "price")
    return JsonResponse(list(rows), safe=False)
