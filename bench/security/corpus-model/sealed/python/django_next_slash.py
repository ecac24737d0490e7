from django.shortcuts import redirect


def switch_language(request):
    next_url = request.GET.get("next", "/")
    if not next_url.startswith("/"):
        next_url = "/"
    request.session["lang"] = request.GET.get("lang", "en")
    return redirect(next_url)
