import json
import ssl
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand

from inventory.models import Product

SUPPLIER_URL = "https://supplier.example.com/api/stock"


class Command(BaseCommand):
    help = "Sync stock levels from the supplier API"

    def handle(self, *args, **options):
        ctx = ssl.create_default_context(cafile=settings.SUPPLIER_CA_FILE)
        with urllib.request.urlopen(SUPPLIER_URL, context=ctx, timeout=30) as resp:
            stock = json.load(resp)
        for sku, qty in stock.items():
            Product.objects.filter(sku=sku).update(quantity=qty)
        self.stdout.write(f"updated {len(stock)} products")
