from django.http import HttpResponse

def read_report(request, name):
    with open("/var/reports/" + name) as handle:
        return HttpResponse(handle.read(), content_type="text/plain")
