from flask import session

def login_user(user):
    session["user_id"] = user.id
