from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View

from .models import Product


def product_search(request):
    term = request.GET.get("q", "")
    rows = Product.objects.raw("SELECT * FROM catalog_product WHERE name LIKE '%%%s%%'" % term)
    return render(request, "catalog/list.html", {"products": rows})


def product_by_sku(request, sku):
    rows = Product.objects.raw("SELECT * FROM catalog_product WHERE sku = %s", [sku])
    return render(request, "catalog/list.html", {"products": rows})


def cheap_products(request):
    ceiling = request.GET.get("max", "100")
    qs = Product.objects.extra(where=["price < " + ceiling])
    return render(request, "catalog/list.html", {"products": qs})


def stock_report(request):
    warehouse = request.GET.get("wh", "main")
    with connection.cursor() as cur:
        cur.execute("SELECT sku, qty FROM stock WHERE warehouse = %s", (warehouse,))
        data = cur.fetchall()
    return JsonResponse({"rows": data})


def product_badge(request):
    label = request.GET.get("label", "")
    return HttpResponse(mark_safe(f"<span class='badge'>{label}</span>"))


def product_badge_v2(request):
    label = request.GET.get("label", "")
    return HttpResponse(format_html("<span class='badge'>{}</span>", label))


class CheckoutDoneView(View):
    def get(self, request):
        nxt = request.GET.get("next", "/")
        return HttpResponseRedirect(nxt)


class LoginDoneView(View):
    def get(self, request):
        nxt = request.GET.get("next", "/")
        if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return redirect(nxt)
        return redirect("/")
