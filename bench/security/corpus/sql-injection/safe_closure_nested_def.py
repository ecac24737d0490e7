from django.db import connection

def view(request):
    q = request.GET["q"]

    def run():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM t WHERE name = %s", [q])

    run()
