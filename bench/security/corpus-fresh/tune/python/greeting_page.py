from flask import Flask, render_template_string, request

app = Flask(__name__)

PAGE = """
<!doctype html>
<title>Hello</title>
<h1>Hello {{ name }}!</h1>
<p>{{ message }}</p>
"""


@app.route("/hello")
def hello():
    name = request.args.get("name", "there")
    message = request.args.get("msg", "")
    return render_template_string(PAGE, name=name, message=message)


@app.route("/card")
def card():
    name = request.args.get("name", "friend")
    template = f"""
    <div class="card">
      <h2>Welcome, {name}</h2>
      <p>Today is {{{{ today }}}}.</p>
    </div>
    """
    return render_template_string(template, today="Monday")
