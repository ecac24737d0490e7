import { describe, expect, it } from 'vitest';
import { ruleLineSeverities } from '../../../test/support/rule-findings.js';

/**
 * Issue 59 (w70): `type(f)` of any Python function is `types.FunctionType`, so `type(f)(code, globals)` builds
 * a function from a code object as `FunctionType` does: a code-injection sink when the code is outside data.
 * Checked in CPython 3: `type(f)(c, {})` for a `def`, `type(A.m)` (a function read from its class) and
 * `type(os.path.join)` (a library function written in Python) run `c`; `type(a.m)` is a bound method
 * (`MethodType(callable, obj)`: a code object is no callable) and `type(print)`, `type(len)` are
 * `builtin_function_or_method`, which cannot be made (TypeError): none of those is a sink.
 */
const codeInjection = (code: string) => ruleLineSeverities(code, 'code-injection');

const route = (imports: string, body: string) =>
  `import marshal\n${imports}\nfrom flask import Flask, request\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    code = marshal.loads(request.data)\n${body}\n`;

describe('type(f)(code, …) of a function is FunctionType', () => {
  it.each([
    [
      'type(f) of a def of the file',
      route('def f():\n    pass', '    return str(type(f)(code, {})())'),
      ['9:critical'],
    ],
    [
      'type(A.m) of a method read from its class',
      route('class A:\n    def m(self):\n        pass', '    return str(type(A.m)(code, {})())'),
      ['10:critical'],
    ],
    [
      'type(os.path.join) of a library function',
      route('import os', '    return str(type(os.path.join)(code, {})())'),
      ['8:critical'],
    ],
    [
      'an imported function',
      route('from json import dumps', '    return str(type(dumps)(code, {})())'),
      ['8:critical'],
    ],
    [
      'the type kept in a name first',
      route('def f():\n    pass', '    make = type(f)\n    fn = make(code, {})\n    return str(fn())'),
      ['10:critical'],
    ],
    [
      'with the code as a keyword',
      route('def f():\n    pass', '    return str(type(f)(code=code, globals={})())'),
      ['9:critical'],
    ],
    ['type(lambda: 0) still', route('', '    return str(type(lambda: 0)(code, {})())'), ['8:critical']],
  ])('%s', async (_what, code, expected) => {
    expect(await codeInjection(code)).toEqual(expected);
  });

  it.each([
    ['type(print): a builtin, cannot be made', route('', '    return str(type(print)(code, {}))')],
    [
      'type(self)(data): another instance of the class',
      route(
        'class V:\n    def copy(self):\n        return type(self)(request.args["x"])',
        '    return str(V().copy())',
      ),
    ],
    [
      'type(x)(data) of a value',
      route('', '    x = request.args["y"]\n    return str(type(x)(request.args["z"]))'),
    ],
    [
      "type(f)(code) of the program's own code",
      'import marshal\ndef f():\n    pass\nwith open("cache.bin", "rb") as fh:\n    code = marshal.load(fh)\ntype(f)(code, {})()\n',
    ],
  ])('quiet: %s', async (_what, code) => {
    expect(await codeInjection(code)).toEqual([]);
  });
});

/**
 * r11's F8 (w77): a name bound to a lambda or to a `def` (here, at module level, or in one branch only) is a
 * Python function too; a C function of an imported module (`functools.reduce`) is not — `type()` of it is
 * `builtin_function_or_method`, which cannot be made.
 */
describe('type(f) of a name bound to a function', () => {
  it.each([
    ['f = lambda: 0', route('', '    f = lambda: 0\n    return str(type(f)(code, {})())'), ['9:critical']],
    [
      'f = helper',
      route('def helper():\n    pass', '    f = helper\n    return str(type(f)(code, {})())'),
      ['10:critical'],
    ],
    ['a module-level lambda', route('F = lambda: 0', '    return str(type(F)(code, {})())'), ['8:critical']],
    [
      'a def rebound in one branch only',
      route(
        'def helper():\n    pass',
        '    if request.args.get("a"):\n        helper = 3\n    return str(type(helper)(code, {})())',
      ),
      ['11:critical'],
    ],
  ])('%s', async (_what, code, expected) => {
    expect(await codeInjection(code)).toEqual(expected);
  });

  it.each([
    [
      'type(functools.reduce): a C function',
      route('import functools', '    return str(type(functools.reduce)(code, {}))'),
    ],
    [
      'a name bound to a number, then a def of that name',
      route('', '    f = 3\n    return str(type(f)(code, {}))').replace(
        '\n@app',
        '\ndef f():\n    pass\n@app',
      ),
    ],
  ])('quiet: %s', async (_what, code) => {
    expect(await codeInjection(code)).toEqual([]);
  });
});
