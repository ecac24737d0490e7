import requests

# todoruleid: needs-project-depends-on
requests.get("https://example.com")
