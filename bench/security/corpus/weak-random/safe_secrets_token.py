import secrets

def new_api_key():
    api_key = secrets.token_urlsafe(32)
    return api_key
