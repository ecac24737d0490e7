from django.db import connection
from django.shortcuts import render


def search_products(request):
    query = request.GET.get("q", "")
    category = request.GET.get("category", "all")
    sql = f"SELECT id, name, price FROM shop_product WHERE name LIKE '%{query}%'"
    if category != "all":
        sql += f" AND category = '{category}'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    products = [{"id": r[0], "name": r[1], "price": r[2]} for r in rows]
    return render(request, "shop/search.html", {"products": products, "query": query})
