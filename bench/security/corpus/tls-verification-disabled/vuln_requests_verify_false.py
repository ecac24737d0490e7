import requests

def fetch_invoice(session_token, invoice_id):
    headers = {"Authorization": "Bearer " + session_token}
    return requests.get("https://billing.internal/invoices/%s" % invoice_id, headers=headers, verify=False).json()
