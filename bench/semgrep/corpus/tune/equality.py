def compare(a, b, items):
    # ruleid: useless-self-comparison
    if a.name == a.name:
        return 1
    # ok: useless-self-comparison
    if a == b:
        return 2
    # ruleid: useless-self-comparison
    assert items[0] == items[0]
    # ok: useless-self-comparison
    return len(items) == len(b)


def read_one(path):
    # ruleid: file-not-closed
    handle = open(path)
    data = handle.read()
    return data


def read_two(path):
    # ok: file-not-closed
    handle = open(path)
    data = handle.read()
    handle.close()
    return data


def read_three(path, other_path):
    # ruleid: file-not-closed
    handle = open(path)
    # ok: file-not-closed
    other = open(other_path, "rb")
    other.close()
    return handle.read()
