def average(values):
    assert values, "need at least one value"
    return sum(values) / len(values)
