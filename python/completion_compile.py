import json, sys
try:
    compile(sys.stdin.read(), sys.argv[1], 'exec')
    print(json.dumps(None))
except SyntaxError as error:
    print(json.dumps([error.lineno, error.offset, error.msg]))
