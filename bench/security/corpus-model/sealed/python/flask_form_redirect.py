from flask import Flask, redirect, request, render_template

app = Flask(__name__)


@app.route("/feedback", methods=["GET", "POST"])
def feedback():
    if request.method == "POST":
        save_feedback(request.form["message"])
        return redirect(request.form.get("redirect_url", "/thanks"))
    return render_template("feedback.html")


def save_feedback(message):
    with open("feedback.txt", "a") as f:
        f.write(message.replace("\n", " ") + "\n")
