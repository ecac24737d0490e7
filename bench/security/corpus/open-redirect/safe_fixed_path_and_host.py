from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/search")
def search():
    # The data lands in the query string of a path on this site: it cannot change where the browser goes.
    query = request.args.get("q", "")
    return redirect("/results?q=" + query)


@app.route("/item")
def item():
    item_id = request.args.get("id", "")
    return redirect(f"/items/{item_id}")


@app.route("/docs")
def docs():
    page = request.args.get("page", "")
    return redirect("https://docs.example.com/{}".format(page))
