from django.db import connection
from django.http import HttpResponse
from django.views import View


class ItemSearch(View):
    def get(self, request):
        self.term = request.GET.get("q", "")
        return HttpResponse(self.results())

    def results(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM item WHERE name = '%s'" % self.term)
            return cursor.fetchall()
