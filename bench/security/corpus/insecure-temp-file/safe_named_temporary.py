import tempfile

def write_report(data):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
        handle.write(data)
        return handle.name
