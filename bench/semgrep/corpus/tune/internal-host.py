import os

# ruleid: internal-host-url
LEGACY = "http://ldap01.corp.example.net:389"
# ok: internal-host-url
CURRENT = os.environ["LDAP_URL"]
