import subprocess
from django.http import HttpResponse

def run_git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True).stdout

def log(request):
    branch = request.GET.get("branch", "main")
    return HttpResponse(run_git("log", "--oneline", branch), content_type="text/plain")
