import os
import tempfile

from flask import Flask, request

app = Flask(__name__)


@app.post("/scratch")
def scratch():
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as fh:
        fh.write(request.get_data(as_text=True))
    return {"path": path}


@app.post("/scratch/v2")
def scratch_v2():
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
        fh.write(request.get_data(as_text=True))
    return {"path": fh.name}


@app.post("/scratch/v3")
def scratch_v3():
    fd, path = tempfile.mkstemp(prefix="upload-")
    with os.fdopen(fd, "w") as fh:
        fh.write(request.get_data(as_text=True))
    return {"path": path}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
