def count(words):
    n = 0
    for w in words:
        # ruleid: list-literal-membership-in-loop
        if w in ["a", "an", "the"]:
            n += 1
        # ok: list-literal-membership-in-loop
        if w in {"x", "y"}:
            n -= 1
    # ok: list-literal-membership-in-loop
    return n in [0, 1]
