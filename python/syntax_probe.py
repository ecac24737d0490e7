
import json, sys
source = sys.stdin.read()
try:
    compile(source, sys.argv[1], 'exec', dont_inherit=True)
    print(json.dumps(None))
except SyntaxError as error:
    print(json.dumps({'line': error.lineno or 1, 'column': error.offset or 1, 'message': error.msg}))
except (ValueError, OverflowError, RecursionError, MemoryError) as error:
    print(json.dumps({'line': 1, 'column': 1, 'message': str(error)}))
