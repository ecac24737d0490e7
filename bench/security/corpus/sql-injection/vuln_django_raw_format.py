from django.http import JsonResponse
from django.db import connection

def search_orders(request):
    customer = request.GET.get("customer", "")
    sql = "SELECT id, total FROM orders WHERE customer = '{}'".format(customer)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return JsonResponse({"orders": rows})
