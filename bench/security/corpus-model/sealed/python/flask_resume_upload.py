import os

from flask import Flask, flash, redirect, request, render_template
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["UPLOAD_FOLDER"] = os.path.join(app.root_path, "static", "resumes")


@app.route("/careers/apply", methods=["GET", "POST"])
def apply():
    if request.method == "POST":
        resume = request.files.get("resume")
        if not resume or resume.filename == "":
            flash("Please attach your resume")
            return redirect(request.url)
        filename = secure_filename(resume.filename)
        resume.save(os.path.join(app.config["UPLOAD_FOLDER"], filename))
        flash("Thanks for applying!")
        return redirect("/careers")
    return render_template("apply.html")
