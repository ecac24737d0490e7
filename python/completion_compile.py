import json, sys
# stdin: {"path": the file's name, "text": the file with the completion in place}; compiled, never run
request = json.loads(sys.stdin.read())
try:
    compile(request['text'], request['path'], 'exec')
    print(json.dumps(None))
except SyntaxError as error:
    print(json.dumps([error.lineno, error.offset, error.msg]))
