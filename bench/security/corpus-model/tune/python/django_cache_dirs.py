import os

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare cache and media directories"

    def handle(self, *args, **options):
        old_umask = os.umask(0o027)
        try:
            for sub in ("cache", "thumbnails", "exports"):
                os.makedirs(os.path.join(settings.MEDIA_ROOT, sub), mode=0o750, exist_ok=True)
        finally:
            os.umask(old_umask)
        self.stdout.write("directories ready")
