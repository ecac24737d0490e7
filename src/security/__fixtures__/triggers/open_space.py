import os
from flask import request

def f():
    return open (os.path.join("/srv", request.args["p"])).read()
