import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "4x!k2p@w9z#q7r$t1y&u8i*o0p(l)m_n+b=v-d8e3f1a9c7"

DEBUG = True

ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": os.environ.get("DB_PASSWORD"),
        "HOST": "db",
    }
}

AWS_ACCESS_KEY_ID = "AKIAQ3EXAMPLE7TLKZ2M"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
AWS_STORAGE_BUCKET_NAME = "shop-media"

EMAIL_HOST_PASSWORD = os.getenv("SMTP_PASSWORD", "")

SESSION_COOKIE_SECURE = False
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
