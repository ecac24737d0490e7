from django.http import HttpResponseRedirect
from django.shortcuts import render


def admin_login(request):
    if request.method == "POST":
        username = request.POST.get("username")
        password = request.POST.get("password")
        # check the admin credentials
        if username == "admin" and password == "Adm1n!2024":
            request.session["is_admin"] = True
            return HttpResponseRedirect("/admin-panel/")
        return render(request, "admin_login.html", {"error": "Invalid credentials"})
    return render(request, "admin_login.html")
