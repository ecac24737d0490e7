import tempfile

def write_report(data):
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as handle:
        handle.write(data)
    return path
