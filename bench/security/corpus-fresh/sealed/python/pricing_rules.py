import math

from simpleeval import simple_eval


def apply_rule(rule: str, cart_total: float, items: int) -> float:
    """Evaluate a pricing rule expression such as 'cart_total * 0.9 if items > 3 else cart_total'."""
    env = {"cart_total": cart_total, "items": items, "min": min, "max": max}
    return float(eval(rule, {"__builtins__": {}}, env))


def apply_rule_restricted(rule: str, cart_total: float, items: int) -> float:
    return float(simple_eval(rule, names={"cart_total": cart_total, "items": items}, functions={"min": min, "max": max}))


def round_price(value: float, mode: str) -> float:
    fn = {"up": math.ceil, "down": math.floor}.get(mode, round)
    return float(fn(value))


def load_plugin_rules(source: str) -> dict:
    scope: dict = {}
    exec(source, scope)
    return scope.get("RULES", {})
