import importlib

matcher = importlib.import_module("re")
HOSTS = matcher.compile("^(www|beta).example.org")
