from django.db import connection
from django.http import HttpResponse
from django.views import View


class SearchForm(View):
    def get(self, request):
        self.term = request.GET.get("q", "")
        return HttpResponse("ok")


class Report:
    """Another class's field of the same name holds only a constant."""

    def __init__(self):
        self.term = "total"

    def rows(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s FROM stats" % self.term)
            return cursor.fetchall()
