from django.db import connection
from django.http import JsonResponse
from django.views import View
from django.views.generic import ListView

from .models import Product


class ProductSearchView(ListView):
    model = Product
    template_name = "catalog/search.html"
    paginate_by = 24

    def get_queryset(self):
        term = self.request.GET.get("q", "")
        return Product.objects.raw(
            "SELECT * FROM catalog_product WHERE name ILIKE '%%" + term + "%%'"
        )


class ProductByCategoryView(ListView):
    model = Product
    template_name = "catalog/category.html"

    def get_queryset(self):
        slug = self.kwargs["slug"]
        return Product.objects.raw(
            "SELECT p.* FROM catalog_product p JOIN catalog_category c ON c.id = p.category_id WHERE c.slug = %s",
            [slug],
        )


class PriceRangeView(View):
    def get(self, request):
        low = request.GET.get("min", "0")
        high = request.GET.get("max", "1000000")
        qs = Product.objects.extra(where=[f"price BETWEEN {low} AND {high}"])
        return JsonResponse({"ids": list(qs.values_list("id", flat=True))})


def product_stock(request, sku):
    with connection.cursor() as cursor:
        cursor.execute("SELECT quantity FROM inventory WHERE sku = %s", [sku])
        row = cursor.fetchone()
    return JsonResponse({"sku": sku, "quantity": row[0] if row else 0})
