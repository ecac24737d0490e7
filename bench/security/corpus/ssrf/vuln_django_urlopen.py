from urllib.request import urlopen
from django.http import HttpResponse

def proxy(request):
    target = "http://" + request.GET["host"] + "/status"
    return HttpResponse(urlopen(target).read())
