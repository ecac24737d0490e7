from lxml import etree

CATALOG = etree.parse("data/catalog.xml")


def find_book(title: str):
    nodes = CATALOG.xpath(f"//book[title='{title}']")
    return [etree.tostring(n, encoding="unicode") for n in nodes]


def find_by_author(author: str):
    nodes = CATALOG.xpath("//book[author=$a]", a=author)
    return [n.findtext("title") for n in nodes]


def price_of(isbn: str) -> float | None:
    expr = etree.XPath("//book[@isbn=$isbn]/price/text()")
    res = expr(CATALOG, isbn=isbn)
    return float(res[0]) if res else None


def find_books_by_year(year: str):
    return CATALOG.getroot().xpath("//book[@year=" + year + "]/title/text()")
