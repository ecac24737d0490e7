import ssl
import urllib.request

CONTEXT = ssl._create_unverified_context()

def download(url):
    return urllib.request.urlopen(url, context=CONTEXT).read()
