from django.db import connection
from django.http import JsonResponse

class ReportRepository:
    def __init__(self, conn):
        self.conn = conn

    def totals(self, region):
        clause = "region = '%s'" % region
        with self.conn.cursor() as cur:
            cur.execute("SELECT SUM(total) FROM sales WHERE " + clause)
            return cur.fetchone()

def report(request):
    region = request.GET.get("region", "eu").strip().lower()
    return JsonResponse({"total": ReportRepository(connection).totals(region)})
