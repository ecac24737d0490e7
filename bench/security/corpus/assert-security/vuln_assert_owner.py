def update_invoice(user, invoice, amount):
    assert invoice.owner_id == user.id
    invoice.amount = amount
    invoice.save()
