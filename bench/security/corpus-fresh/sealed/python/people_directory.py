import ldap
from ldap.filter import escape_filter_chars, filter_format
from lxml import etree

LDAP_URI = "ldap://directory.example.local"
PEOPLE = "ou=People,dc=example,dc=local"
ORG_CHART = etree.parse("/srv/data/org-chart.xml")


def lookup_phone(name: str) -> list:
    conn = ldap.initialize(LDAP_URI)
    conn.simple_bind_s()
    return conn.search_s(PEOPLE, ldap.SCOPE_SUBTREE, "(cn=" + name + ")", ["telephoneNumber"])


def lookup_mail(uid: str) -> list:
    conn = ldap.initialize(LDAP_URI)
    conn.simple_bind_s()
    flt = filter_format("(&(objectClass=inetOrgPerson)(uid=%s))", [uid])
    return conn.search_s(PEOPLE, ldap.SCOPE_SUBTREE, flt, ["mail"])


def lookup_title(cn: str) -> list:
    conn = ldap.initialize(LDAP_URI)
    return conn.search_s(PEOPLE, ldap.SCOPE_SUBTREE, f"(cn={escape_filter_chars(cn)})", ["title"])


def manager_of(employee: str) -> list[str]:
    return ORG_CHART.xpath("//employee[name='%s']/../@manager" % employee)


def reports_of(manager: str) -> list[str]:
    return ORG_CHART.xpath("//team[@manager=$m]/employee/name/text()", m=manager)
