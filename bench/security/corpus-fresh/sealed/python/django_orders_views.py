from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.generic import DetailView

from .models import Order


class OrderDetailView(DetailView):
    model = Order
    template_name = "orders/detail.html"

    def get_queryset(self):
        currency = self.request.GET.get("currency", "USD")
        return Order.objects.annotate(
            converted=RawSQL(f"SELECT total * rate FROM fx_rates WHERE code = '{currency}'", [])
        )


class OrderNotesView(DetailView):
    model = Order
    template_name = "orders/notes.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["notes_html"] = mark_safe(self.object.customer_notes)
        ctx["title_html"] = mark_safe("<b>%s</b>" % escape(self.object.title))
        return ctx


@login_required
def orders_by_region(request):
    region = request.GET.get("region", "")
    qs = Order.objects.raw("SELECT * FROM orders_order WHERE region = %s ORDER BY created", [region])
    return render(request, "orders/list.html", {"orders": qs})


@login_required
def cancel_order(request, pk):
    order = get_object_or_404(Order, pk=pk, owner=request.user)
    order.status = "cancelled"
    order.save(update_fields=["status"])
    target = request.POST.get("next", "/orders/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/orders/"
    return HttpResponseRedirect(target)


@login_required
def reorder(request, pk):
    Order.objects.filter(pk=pk, owner=request.user).update(quantity=F("quantity") + 1)
    return HttpResponseRedirect(request.META.get("HTTP_REFERER", "/orders/"))
