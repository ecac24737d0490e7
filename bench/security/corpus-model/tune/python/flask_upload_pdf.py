from flask import Flask, request, redirect
import os

app = Flask(__name__)

UPLOAD_DIR = "./uploads"


# save the uploaded pdf file to ./uploads directory
@app.route("/pdf/upload", methods=["POST"])
def upload_pdf():
    p = request.files["pdf"]
    if p.filename == "":
        return "No file selected", 400
    os.makedirs(UPLOAD_DIR, exist_ok=True)
    p.save(os.path.join(UPLOAD_DIR, p.filename))
    return redirect("/pdf/view?name=" + p.filename)
