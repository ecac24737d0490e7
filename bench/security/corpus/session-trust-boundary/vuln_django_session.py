from django.http import HttpResponse

def remember(request):
    request.session["cart_owner"] = request.GET["owner"]
    return HttpResponse("ok")
