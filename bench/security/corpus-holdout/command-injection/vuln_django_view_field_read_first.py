import subprocess
from django.http import JsonResponse
from django.views import View


class Ping(View):
    def results(self):
        return subprocess.run("ping -c 1 " + self.host, shell=True, capture_output=True).stdout

    def post(self, request):
        self.host = request.POST["host"]
        return JsonResponse({"out": self.results().decode()})
