import ast


def parse_setting(raw_value):
    """Settings arrive as Python literals ("[1, 2]", "{'a': 1}")."""
    return ast.literal_eval(raw_value)
