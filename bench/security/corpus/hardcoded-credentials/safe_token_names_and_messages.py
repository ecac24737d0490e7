REASON_BAD_TOKEN = "CSRF token missing or incorrect."
INTERNAL_RESET_SESSION_TOKEN = "_password_reset_token"
PASSWORD_HELP = "Your password can't be too similar to your other personal information."


def classify(token):
    if token == "is":
        token = "is not"
    return token
