SECRET_KEY_FILE = "/etc/app/secret"
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
