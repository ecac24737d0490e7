from django.conf import settings
from django.contrib.auth import authenticate, login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View


class SignInView(View):
    template_name = "accounts/signin.html"

    def get(self, request):
        return render(request, self.template_name)

    def post(self, request):
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
        if user is None:
            return render(request, self.template_name, {"error": True})
        login(request, user)
        nxt = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return HttpResponseRedirect(nxt)
        return redirect(settings.LOGIN_REDIRECT_URL)


def switch_language(request):
    lang = request.GET.get("lang", "en")
    request.session["lang"] = lang
    back = request.GET.get("back", "/")
    return HttpResponseRedirect(back)


def after_signup(request):
    return redirect(request.GET.get("continue", "/welcome/"))
