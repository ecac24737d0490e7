import ast
import operator

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Expr(BaseModel):
    expression: str


@app.post("/calc")
def calc(body: Expr):
    result = eval(body.expression)
    return {"result": result}


@app.post("/parse-list")
def parse_list(body: Expr):
    value = ast.literal_eval(body.expression)
    return {"items": list(value)}


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _eval_node(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval_node(node.left), _eval_node(node.right))
    raise ValueError("unsupported expression")


@app.post("/calc/v2")
def calc_v2(body: Expr):
    return {"result": _eval_node(ast.parse(body.expression, mode="eval").body)}


@app.post("/run-rule")
def run_rule(body: Expr):
    scope = {"order_total": 120}
    exec(compile(body.expression, "<rule>", "exec"), scope)
    return {"approved": bool(scope.get("approved"))}
