from django.db import connection
from django.shortcuts import render


def search_products(request):
    query = request.GET.get("q", "")
    category = request.GET.get("category", "all")
    sql = "SELECT id, name, price FROM shop_product WHERE name LIKE %s"
    params = ["%" + query + "%"]
    if category != "all":
        sql += " AND category = %s"
        params.append(category)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    products = [{"id": r[0], "name": r[1], "price": r[2]} for r in rows]
    return render(request, "shop/search.html", {"products": products, "query": query})
