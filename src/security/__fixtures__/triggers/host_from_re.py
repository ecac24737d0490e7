from re import compile as regexp

HOSTS = regexp(r"^https://api.example.com/")
