import os
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=8000)
