from flask import Blueprint, abort, g, jsonify, request, session

from .models import Invoice, db

billing = Blueprint("billing", __name__, url_prefix="/billing")


@billing.before_request
def require_user():
    if "user_id" not in session:
        abort(401)
    g.user_id = session["user_id"]


@billing.route("/invoices")
def invoices():
    rows = Invoice.query.filter_by(user_id=g.user_id).all()
    return jsonify([row.to_dict() for row in rows])


@billing.route("/invoices/<int:invoice_id>/pay", methods=["POST"])
def pay_invoice(invoice_id):
    invoice = Invoice.query.filter_by(id=invoice_id, user_id=g.user_id).first_or_404()
    invoice.status = "paid"
    invoice.payment_reference = request.json.get("reference")
    db.session.commit()
    return jsonify(invoice.to_dict())
