import shlex
import subprocess

from django.http import JsonResponse
from django.views import View


class Ping(View):
    def results(self):
        # The field holds request data, but it is quoted for the shell.
        return subprocess.run("ping -c 1 " + shlex.quote(self.host), shell=True, capture_output=True).stdout

    def post(self, request):
        self.host = request.POST["host"]
        self.count = "1"
        return JsonResponse({"out": self.results().decode()})
