from django.db import connection
from django.http import JsonResponse
from django.views import View

SORT_COLUMNS = {"date": "created_at", "total": "total_cents"}


class OrderSearchView(View):
    def get(self, request):
        customer = request.GET.get("customer", "").strip()
        sort = SORT_COLUMNS.get(request.GET.get("sort"), "created_at")
        if not customer:
            return JsonResponse({"orders": []})
        return JsonResponse({"orders": self._search(customer, sort)})

    def _search(self, customer, sort):
        sql = (
            "SELECT id, total_cents, created_at FROM orders "
            "WHERE customer_name LIKE '%{}%' ORDER BY {} DESC LIMIT 50".format(customer, sort)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            columns = [col[0] for col in cursor.description]
            return [dict(zip(columns, row)) for row in cursor.fetchall()]
