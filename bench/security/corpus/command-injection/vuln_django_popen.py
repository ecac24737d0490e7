import os
from django.http import HttpResponse

def convert(request):
    name = request.POST["filename"]
    out = os.popen(f"convert uploads/{name} -resize 50% thumbs/{name}").read()
    return HttpResponse("done")
