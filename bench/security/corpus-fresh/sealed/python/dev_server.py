import os

from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import run_simple

from .wsgi import application

DEBUG = os.environ.get("APP_DEBUG", "false").lower() == "true"

application = ProxyFix(application, x_for=1, x_proto=1)

if __name__ == "__main__":
    run_simple("127.0.0.1", 8000, application, use_reloader=True, use_debugger=True)
