from django import forms
from django.contrib.auth.decorators import login_required
from django.core.validators import FileExtensionValidator
from django.shortcuts import redirect, render

from .models import Contract


class ContractForm(forms.ModelForm):
    document = forms.FileField(validators=[FileExtensionValidator(allowed_extensions=["pdf"])])

    class Meta:
        model = Contract
        fields = ["title", "document"]


@login_required
def upload_contract(request):
    form = ContractForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        contract = form.save(commit=False)
        contract.owner = request.user
        contract.save()
        return redirect("contracts")
    return render(request, "contracts/upload.html", {"form": form})
