from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from .forms import AddressForm
from .models import Address


class AddressListView(LoginRequiredMixin, View):
    def get(self, request):
        addresses = Address.objects.filter(user=request.user)
        return render(request, "account/addresses.html", {"addresses": addresses})


class AddressCreateView(LoginRequiredMixin, View):
    def post(self, request):
        form = AddressForm(request.POST)
        if form.is_valid():
            address = form.save(commit=False)
            address.user = request.user
            address.save()
            return HttpResponseRedirect(reverse("addresses"))
        return render(request, "account/address_form.html", {"form": form})


def delete_address(request, address_id):
    if not request.user.is_authenticated:
        return redirect("login")
    Address.objects.filter(id=address_id, user=request.user).delete()
    return HttpResponseRedirect(reverse("addresses"))
