from django.http import JsonResponse
from django.db import connection

def order_detail(request, order_id):
    order_id = int(order_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, total FROM orders WHERE id = %s" % order_id)
        row = cursor.fetchone()
    return JsonResponse({"order": row})
