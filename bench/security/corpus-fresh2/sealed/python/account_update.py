from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required

from .extensions import db
from .models import Account

bp = Blueprint("account", __name__)
EDITABLE = ("display_name", "timezone", "avatar_url")


@bp.patch("/account")
@login_required
def update_account():
    acct = Account.query.get_or_404(current_user.id)
    for field, value in request.get_json().items():
        setattr(acct, field, value)
    db.session.commit()
    return jsonify(ok=True)


@bp.patch("/account/v2")
@login_required
def update_account_v2():
    acct = Account.query.get_or_404(current_user.id)
    body = request.get_json()
    for field in EDITABLE:
        if field in body:
            setattr(acct, field, body[field])
    db.session.commit()
    return jsonify(ok=True)


@bp.post("/accounts")
def register():
    acct = Account(**request.get_json())
    db.session.add(acct)
    db.session.commit()
    return jsonify(id=acct.id), 201


@bp.post("/accounts/v2")
def register_v2():
    data = request.get_json()
    acct = Account(email=data["email"], display_name=data.get("display_name", ""))
    acct.set_password(data["password"])
    db.session.add(acct)
    db.session.commit()
    return jsonify(id=acct.id), 201
