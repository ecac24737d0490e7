import os

from django.conf import settings
from django.core.management.base import BaseCommand

LOG_DIR = os.path.join(settings.BASE_DIR, "logs")


class Command(BaseCommand):
    help = "Create the log directory and files used by the app"

    def handle(self, *args, **options):
        os.umask(0)
        os.makedirs(LOG_DIR, mode=0o777, exist_ok=True)
        for name in ("app.log", "celery.log"):
            path = os.path.join(LOG_DIR, name)
            open(path, "a").close()
        self.stdout.write(self.style.SUCCESS(f"Log directory ready at {LOG_DIR}"))
