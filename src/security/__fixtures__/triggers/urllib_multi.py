from urllib import (
    parse,
    request,
)
from flask import request as flask_req

def proxy():
    return request.Request(flask_req.args["url"])
