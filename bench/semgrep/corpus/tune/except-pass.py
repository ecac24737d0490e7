import json


def load(text):
    # ruleid: swallowed-exception
    try:
        value = json.loads(text)
        value["x"] = 1
    except ValueError:
        pass
    # ok: swallowed-exception
    try:
        return json.loads(text)
    except ValueError:
        return None
    # ok: swallowed-exception
    try:
        return json.loads(text)
    except ValueError:
        log("bad")
        pass
