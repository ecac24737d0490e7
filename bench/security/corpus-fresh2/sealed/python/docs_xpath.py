from lxml import etree

TREE = etree.parse("/srv/app/users.xml")


def find_user(name: str):
    return TREE.xpath(f"//user[@name='{name}']")


def find_user_bound(name: str):
    return TREE.xpath("//user[@name=$n]", n=name)


def check_login(name: str, password_hash: str) -> bool:
    expr = "//user[@name='" + name + "' and @pw='" + password_hash + "']"
    return bool(TREE.xpath(expr))


def users_in_role(role: str):
    finder = etree.XPath("//user[@role=$r]/@name")
    return finder(TREE, r=role)
