from django.shortcuts import redirect
from django.views import View

class Go(View):
    def get(self, *args, **kwargs):
        return redirect(self.kwargs["next"])
