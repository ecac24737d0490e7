from flask import Flask

app = Flask(__name__)


@app.route("/a")
def a():
    # ruleid: print-in-view
    print("called a")
    if app.debug:
        # ok: print-in-view
        print("debugging a")
    return "a"


def helper():
    # ok: print-in-view
    print("not a view")


@app.route("/b", methods=["POST"])
def b():
    for i in range(3):
        # ruleid: print-in-view
        print(i)
    return "b"
