def defaults():
    return eval("{'retries': 3, 'timeout': 10}")
