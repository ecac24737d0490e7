import requests

def fetch_invoice(invoice_id):
    return requests.get("https://billing.internal/invoices/%s" % invoice_id, verify="/etc/ssl/internal-ca.pem").json()
