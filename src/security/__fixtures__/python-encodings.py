# Writes python-encodings.json beside it: what Python's own codecs print for the made-up values of
# known-secrets.test.ts after a few other bytes:
#   python3 python-encodings.py '<KEY>' '<TOKEN>' > python-encodings.json  (the two values of the test)
import base64, codecs, json, sys
values = sys.argv[1:]
codecs_ = {
    "b85": lambda d: base64.b85encode(d).decode(),
    "a85": lambda d: base64.a85encode(d).decode(),
    "a85adobe": lambda d: base64.a85encode(d, adobe=True).decode(),
    "b32hex": lambda d: base64.b32hexencode(d).decode(),
    "b64b64": lambda d: base64.b64encode(base64.b64encode(d)).decode(),
    "rot13": lambda d: codecs.encode(d.decode(), "rot13"),
    "upper": lambda d: d.decode().upper(),
    "lower": lambda d: d.decode().lower(),
}
out = {}
for index, value in enumerate(values):
    for name, encode in codecs_.items():
        for prefix in ["", "k", "kk", "kkk"] if name not in ("rot13", "upper", "lower") else [""]:
            out.setdefault(name, []).append({"value": index, "prefix": prefix, "printed": encode((prefix + value).encode())})
json.dump(out, sys.stdout, indent=1)
