import sys

def load_plugin(code):
    namespace = {}
    exec(code, namespace)
    return namespace

load_plugin(open(sys.argv[1]).read())
