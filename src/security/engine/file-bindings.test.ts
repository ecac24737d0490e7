import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';
import { parse } from '../../syntax/parser.js';
import { fileBindings } from './file-bindings.js';
import { type LiteNode, liteTree, preorder } from './lite-tree.js';
import { reachingBindings, severalMeanings } from './reaching-bindings.js';

/**
 * w83: one binding table per file, read from the syntax tree (`file-bindings.ts`), in place of the regular
 * expressions over the text that path-endings, guards and calls each kept. The holes it closes (review r16):
 * a cleaner's name rebound on a branch still cleaned (its other binding's pass-through was lost), and
 * bindings the expressions missed (`x = abort = print` under `global abort`, `del abort`, `case abort:`, a
 * `global a, str` list) let `abort()` end a path or `str(p)` count as the built-in.
 */
const findings = (code: string, rule: string) => ruleLines(code, rule);

const tree = async (code: string) => liteTree(await parse('python', code), code);
const table = async (code: string) => fileBindings(await tree(code));
const kinds = async (code: string, name: string) =>
  ((await table(code)).names.get(name) ?? []).map((binding) => binding.kind);

describe('the table: every form that binds a name, from the syntax tree', () => {
  it.each([
    ['x = abort = print', 'assignment'],
    ['(abort, y) = (print, 1)', 'assignment'],
    ['[a, *abort] = z', 'assignment'],
    ['abort += 1', 'augmented'],
    ['abort: object = print', 'assignment'],
    ['for abort in xs:\n    pass', 'loop'],
    ['ys = [1 for abort in xs]', 'loop'],
    ['with open(f) as (abort, y):\n    pass', 'with'],
    ['try:\n    pass\nexcept E as abort:\n    pass', 'except'],
    ['(abort := print)', 'walrus'],
    ['def f():\n    global abort', 'global'],
    ['def f():\n    nonlocal abort', 'nonlocal'],
    ['def f(a, abort=None):\n    pass', 'parameter'],
    ['def f(*, abort: int):\n    pass', 'parameter'],
    ['lambda abort: 0', 'parameter'],
    ['del y, abort', 'delete'],
    ['match s:\n    case abort:\n        pass', 'match'],
    ['match s:\n    case [1, *abort]:\n        pass', 'match'],
    ['match s:\n    case {"k": abort}:\n        pass', 'match'],
    ['match s:\n    case P(x=abort):\n        pass', 'match'],
    ['match s:\n    case P() as abort:\n        pass', 'match'],
    ['def abort():\n    pass', 'function'],
    ['@decorate\nclass abort:\n    pass', 'class'],
    ['abort = lambda *a: None', 'lambda'],
    ['from flask import abort', 'import'],
  ])('%s binds abort (%s)', async (code, kind) => {
    expect(await kinds(code, 'abort')).toEqual([kind]);
  });

  it.each([
    ['a string', 'DOC = "abort = print"'],
    ['a comment', '# abort = print'],
    ['an annotation without a value', 'abort: object'],
    ['a keyword argument', 'f(abort=print)'],
    ['a value pattern in a case', 'match s:\n    case flask.abort:\n        pass'],
    ['a class pattern’s class', 'match s:\n    case abort():\n        pass'],
    ['a read', 'x = abort'],
  ])('%s binds nothing', async (_what, code) => {
    expect(await kinds(code, 'abort')).toEqual([]);
  });

  it('records imports with their module and name, attributes assigned, and each assignment’s value', async () => {
    const file = await table(
      'import os.path, flask as F\nfrom flask import abort as stop\nif x:\n    q = str\nq = print\nsys.exit = print\ndel os.environ\n',
    );
    expect(file.names.get('os')?.[0]).toMatchObject({ kind: 'import', module: 'os' });
    expect(file.names.get('F')?.[0]).toMatchObject({ kind: 'import', module: 'flask' });
    expect(file.names.get('stop')?.[0]).toMatchObject({ kind: 'import', module: 'flask', imported: 'abort' });
    expect(file.names.get('q')?.map((binding) => binding.value?.text)).toEqual(['str', 'print']);
    expect([...file.attributes].sort()).toEqual(['environ', 'exit']);
    expect(file.dynamic).toBe(false);
  });

  it.each([
    ['a star import', 'from helpers import *'],
    ['builtins', 'import builtins'],
    ['__builtins__', '__builtins__.abort = print'],
    ['globals()', 'globals()["abort"] = print'],
    ['vars()', 'vars()["abort"] = print'],
    ['setattr, even kept under another name', 'put = setattr'],
    ['exec', 'exec(code)'],
    ["a module's __dict__", 'sys.modules[__name__].__dict__["abort"] = print'],
  ])('%s makes the file dynamic', async (_what, code) => {
    expect((await table(code)).dynamic).toBe(true);
  });

  it('is not dynamic for a string, an attribute or a keyword so named', async () => {
    expect((await table('x = "import *"\ny = obj.exec\nf(globals=1)\nvars = {}\n')).dynamic).toBe(false);
  });

  it('reaches, by scope: a function’s own locals, else the module’s and the writes of a global declaration', async () => {
    const root = await tree(
      [
        'q = shlex.quote',
        'class A:',
        '    q = str',
        'def other(q):',
        '    return q',
        'def setup():',
        '    global q',
        '    q = repr',
        'def local():',
        '    q = str',
        '    q(x)',
        'def route():',
        '    q(x)',
        '',
      ].join('\n'),
    );
    const calls: LiteNode[] = [];
    preorder(root, (node) => {
      if (node.type === 'call') calls.push(node.childForFieldName('function')!);
    });
    const [inLocal, inRoute] = calls;
    const file = fileBindings(root);
    const values = (at: LiteNode) =>
      reachingBindings(file, at, 'q').map((binding) => binding.value?.text ?? binding.kind);
    expect(values(inLocal!)).toEqual(['str']);
    expect(values(inRoute!)).toEqual(['shlex.quote', 'repr']);
    expect(severalMeanings(file, reachingBindings(file, inRoute!, 'q'))).toBe(true);
    expect(severalMeanings(file, reachingBindings(file, inLocal!, 'q'))).toBe(false);
  });
});

/** A route that runs `ls` with a request parameter passed through `q`, after `top` at module level. */
const quoted = (top: string[], body: string[] = []) =>
  [
    'import os, shlex',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    ...top,
    '@app.route("/r")',
    'def r():',
    ...body.map((line) => `    ${line}`),
    '    os.system("ls " + q(request.args["x"]))',
    '    return "ok"',
    '',
  ].join('\n');
const DEF_Q = ['def q(c):', '    return shlex.quote(c)'];

describe('review r16 (high): a cleaner’s name the file binds another way too does not clear', () => {
  it.each([
    ['def q, then q = str on a branch', [...DEF_Q, 'if os.environ.get("X"):', '    q = str']],
    ['def q, then q = str', [...DEF_Q, 'q = str']],
    ['def q, then shlex.quote and str on a branch', [...DEF_Q, 'q = shlex.quote', 'if flag:', '    q = str']],
    ['a lambda q, then q = str on a branch', ['q = lambda c: shlex.quote(c)', 'if flag:', '    q = str']],
    [
      'def q, and another function’s global q = str',
      [...DEF_Q, 'def setup():', '    global q', '    q = str'],
    ],
    [
      'q = shlex.quote, and another function’s global q = str',
      ['q = shlex.quote', 'def setup():', '    global q', '    q = str'],
    ],
  ])('%s: command injection', async (_what, top) => {
    const code = quoted(top);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    [
      'q = shlex.quote, then q = str on a branch, in the route',
      ['q = shlex.quote', 'if request.args.get("y"):', '    q = str'],
    ],
    [
      'def q, the route’s global q = str on a branch',
      ['global q', 'if request.args.get("y"):', '    q = str'],
    ],
  ])('%s: command injection', async (_what, body) => {
    const code = quoted(DEF_Q, body);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
  });

  it('def q after the route, rebound after it too: the module has run before any request', async () => {
    const code = `${quoted(DEF_Q)}if os.environ.get("X"):\n    q = str\n`;
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    ['def q alone', DEF_Q, []],
    [
      'def q, then q = shlex.quote on a branch (both clean)',
      [...DEF_Q, 'if flag:', '    q = shlex.quote'],
      [],
    ],
    [
      'one import or another that both clean',
      ['try:', '    from shlex import quote as q', 'except ImportError:', '    from pipes import quote as q'],
      [],
    ],
    ['the same binding twice', [], ['q = shlex.quote', 'if request.args.get("y"):', '    q = shlex.quote']],
    [
      'q = shlex.quote, and a parameter q of another function',
      ['q = shlex.quote', 'def other(q):', '    return q'],
      [],
    ],
    ['q = shlex.quote, and a string saying q = str', ['q = shlex.quote', 'DOC = "q = str"'], []],
  ])('still clean: %s', async (_what, top, body) => {
    expect(await findings(quoted(top, body), 'command-injection')).toEqual([]);
  });
});

/** A route that calls `abort(403)`, then runs `ls` with a request parameter, after `top` at module level. */
const aborting = (top: string) =>
  `import os\nfrom flask import Flask, request, abort\n${top}\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    abort(403)\n    os.system("ls " + request.args["d"])\n    return "ok"\n`;
/** `form` written in a function that declares `global name` (its binding is the module's). */
const inGlobal = (name: string, form: string) =>
  `def setup():\n    global ${name}\n    ${form.replace(/\n/g, '\n    ')}`;

describe('review r16 (low): a binding the regular expressions missed keeps the path going after abort()', () => {
  it.each([
    ['chained', inGlobal('abort', 'x = abort = print')],
    ['unpacked', inGlobal('abort', '(abort, y) = (print, 1)')],
    ['unpacked into a list', inGlobal('abort', '[abort, y] = [print, 1]')],
    ['starred', inGlobal('abort', '*abort, y = [print, 1]')],
    ['a case capture', inGlobal('abort', 'match 1:\n    case abort:\n        pass')],
    ['del', inGlobal('abort', 'del abort')],
    ['an import of another abort', inGlobal('abort', 'from os import abort')],
    ['a global list', 'def setup():\n    global x, abort\n    a = abort = print'],
    ['del at module level', 'del abort'],
  ])('%s: the sink is reported', async (_what, top) => {
    const code = aborting(top);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    ['a string', 'DOC = "abort = print"'],
    ['a comment', '# abort = print'],
  ])('%s saying abort = print is no binding: abort() ends the path', async (_what, top) => {
    expect(await findings(aborting(top), 'command-injection')).toEqual([]);
  });
});

/** A route that checks a resolved path's text with `str(p)` against a fixed folder, after `top`. */
const prefixChecked = (top: string) =>
  `import os\nfrom pathlib import Path\nfrom flask import Flask, request\n${top}\napp = Flask(__name__)\nBASE = Path("/srv/files")\n@app.route("/r")\ndef r():\n    p = (BASE / request.args["f"]).resolve()\n    if not str(p).startswith("/srv/files/"):\n        return "no"\n    return open(p).read()\n`;

describe('review r16: str(p) is the built-in only when nothing binds str', () => {
  it.each([
    ['a global list, unpacked', 'def setup():\n    global x, str\n    [b, str] = [1, repr]'],
    ['del at module level', 'del str'],
    ['an import of another str', inGlobal('str', 'from os import path as str')],
    ['a class body (a class attribute, counted to be safe)', 'class A:\n    str = repr'],
  ])('%s: the prefix check does not clear path traversal', async (_what, top) => {
    const code = prefixChecked(top);
    expect(await findings(code, 'path-traversal')).toEqual([lineOf(code, 'open(p)')]);
  });

  it.each([
    ['nothing', 'pass'],
    ['a string', 'DOC = "str = repr"'],
    ['a keyword argument', 'print(1, str="x")'],
  ])('%s binding str: the check clears path traversal', async (_what, top) => {
    expect(await findings(prefixChecked(top), 'path-traversal')).toEqual([]);
  });
});

describe('a name bound to a sink on one path only: the sink is matched too (the join keeps one name)', () => {
  const running = (top: string[], body: string[]) =>
    [
      'import os',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      ...top,
      '@app.route("/r")',
      'def r():',
      ...body.map((line) => `    ${line}`),
      '    run(request.args["x"])',
      '    return "ok"',
      '',
    ].join('\n');
  it.each([
    [
      'run = print, then run = os.system on a branch, in the route',
      [],
      ['run = print', 'if request.args.get("y"):', '    run = os.system'],
    ],
    [
      'run = print, and another function’s global run = os.system',
      ['run = print', 'def setup():', '    global run', '    run = os.system'],
      [],
    ],
  ])('%s: command injection', async (_what, top, body) => {
    const code = running(top, body);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'run(request')]);
  });

  it('run = print on both paths: nothing', async () => {
    const code = running([], ['run = print', 'if request.args.get("y"):', '    run = print']);
    expect(await findings(code, 'command-injection')).toEqual([]);
  });
});

describe("Flask's request: an attribute it lacks raises unless the file assigns one of that name", () => {
  // the sink is os.system, not eval: a file calling eval is dynamic (review r19), its code may set any attribute
  const reading = (top: string) =>
    `import os\nfrom flask import Flask, request\napp = Flask(__name__)\n${top}\n@app.route("/r")\ndef r():\n    return str(os.system(request.contents))\n`;
  it.each([
    ['assigned in another function', 'def setup():\n    request.contents = request.args["c"]'],
    ['assigned by unpacking', 'def setup():\n    request.contents, x = request.args["c"], 1'],
    ['set through setattr', 'def setup():\n    setattr(request, "contents", request.args["c"])'],
  ])('%s: reported', async (_what, top) => {
    const code = reading(top);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    ['a comment', '# request.contents = request.args["c"]'],
    ['a string', 'DOC = "request.contents = x"'],
  ])('%s saying so assigns nothing: the read raises, no data', async (_what, top) => {
    expect(await findings(reading(top), 'command-injection')).toEqual([]);
  });
});

/**
 * Review r19 (high): w83's table counted no code run from a string and no namespace reached by name, where the
 * old text tests had (they read strings too), so six critical findings were hidden. A file with `eval`,
 * `compile`, `exec`, `__import__`, `import_module`, a `__dict__`, `f_globals` or `__globals__`, `sys.modules` or
 * the text "builtins" anywhere is dynamic: no name in it is trusted as its import or the built-in.
 */
describe('review r19: code run from a string and namespaces reached by name make the file dynamic', () => {
  const flask = (top: string[], body: string[]) =>
    [
      'import os, sys',
      'from pathlib import Path',
      'from flask import Flask, request, abort, send_file',
      'app = Flask(__name__)',
      'BASE = "/srv/files"',
      ...top,
      '@app.route("/r")',
      'def r():',
      ...body.map((line) => `    ${line}`),
      '    return "ok"',
      '',
    ].join('\n');
  const ending = (top: string[], call: string) =>
    flask(top, ['cmd = request.args["c"]', call, 'os.system("ls " + cmd)']);
  const setup = (line: string) => ['SETUP = """', line, '"""', 'eval(compile(SETUP, "<setup>", "exec"))'];

  it.each([
    ['sys.modules["builtins"].exit = print (r1b)', ['sys.modules["builtins"].exit = print'], 'exit("bad")'],
    [
      '__import__("builtins").__dict__.update(abort=print) (p25)',
      ['__import__("builtins").__dict__.update(abort=print)'],
      'abort(403)',
    ],
    ['eval(compile(SETUP)) with SETUP saying abort = print (r2)', setup('abort = print'), 'abort(403)'],
    [
      'sys.modules[__name__].__dict__.update(abort=print)',
      ['sys.modules[__name__].__dict__.update(abort=print)'],
      'abort(403)',
    ],
    [
      'sys._getframe().f_globals["abort"] = print',
      ['sys._getframe().f_globals["abort"] = print'],
      'abort(403)',
    ],
    [
      'importlib.import_module(name) reached',
      ['import importlib', 'm = importlib.import_module(name)'],
      'abort(403)',
    ],
    ['exec kept under another name', ['run = exec', 'run(SETUP)'], 'abort(403)'],
  ])('%s: abort()/exit() does not end the path, the sink is reported', async (_what, top, call) => {
    const code = ending(top, call);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
  });

  it('without them abort() and exit() still end the path (nothing reported)', async () => {
    expect(await findings(ending([], 'abort(403)'), 'command-injection')).toEqual([]);
    expect(
      await findings(ending(['x = re.compile("a")', 'y = obj.modules'], 'exit("bad")'), 'command-injection'),
    ).toEqual([]);
  });

  it('map rebound through builtins’ __dict__ (r3): command injection', async () => {
    const body = ['names = request.args.getlist("n")', 'os.system("echo " + str(map(str.strip, names)))'];
    const code = flask(
      ['sys.modules["builtins"].__dict__.update(map=lambda f, xs: [f(x) for x in xs])'],
      body,
    );
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
    expect(await findings(flask([], body), 'command-injection')).toEqual([]);
  });

  it('str rebound through builtins’ __dict__ (g1): the prefix check on str(p) does not clear path traversal', async () => {
    const body = [
      'p = Path(BASE, request.args["name"]).resolve()',
      'if not str(p).startswith(BASE):',
      '    return "no", 400',
      'return send_file(p)',
    ];
    const code = flask(['sys.modules["builtins"].__dict__.update(str=lambda p: BASE + "/x")'], body);
    expect(await findings(code, 'path-traversal')).toEqual([lineOf(code, 'send_file(p)')]);
    expect(await findings(flask([], body), 'path-traversal')).toEqual([]);
  });

  it('a string run by eval(compile(…)) giving request a property (q1): the read is data, command injection', async () => {
    const body = ['os.system("ls " + request.contents)'];
    const code = flask(setup('request.__class__.contents = property(lambda self: self.args.get("c"))'), body);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
    // without it, request.contents raises AttributeError: nothing reaches the sink
    expect(await findings(flask([], body), 'command-injection')).toEqual([]);
  });

  it('eval(request.contents) alone: the read raises before that eval runs; another eval may set it', async () => {
    const evaluating = ['return str(eval(request.contents))'];
    expect(await findings(flask([], evaluating), 'code-injection')).toEqual([]);
    const code = flask(['eval(SETUP)'], evaluating);
    expect(await findings(code, 'code-injection')).toEqual([lineOf(code, 'str(eval(')]);
  });

  it.each([
    ['eval', 'eval(code)'],
    ['compile', 'f = compile'],
    ['__import__', 'm = __import__(name)'],
    ['import_module', 'from importlib import import_module'],
    ['sys.modules', 'm = sys.modules[name]'],
    ['modules from sys', 'from sys import modules'],
    ['__globals__', 'g = f.__globals__'],
    ['the text builtins in a string', 'name = "builtins"'],
  ])('%s makes the file dynamic', async (_what, code) => {
    expect((await table(code)).dynamic).toBe(true);
  });

  it('re.compile, an object’s modules and a keyword named eval are not dynamic', async () => {
    expect((await table('x = re.compile("a")\ny = obj.modules\nf(eval=1)\n')).dynamic).toBe(false);
  });
});

describe('review r19: a name defined many times and called many times costs no cube', () => {
  /** `n` module-level `def q`, then a route calling `q(d)` `n` times before the sink. */
  const many = (n: number) =>
    [
      'import os',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      // a `global` of another name: the file may bind names from elsewhere, so the table is asked
      'def setup():\n    global counter\n    counter = 1',
      ...Array.from({ length: n }, () => 'def q(s):\n    return s'),
      '@app.route("/r")',
      'def r():',
      '    d = request.args["c"]',
      ...Array.from({ length: n }, () => '    q(d)'),
      '    os.system(d)',
      '    return "ok"',
      '',
    ].join('\n');

  it('the functions searched grow no faster than the square of the count, and the finding stays', async () => {
    // Work counted, not timed: the elements every Array.prototype.find walked over. Each call's bindings were
    // matched to their functions by a find over every function (n calls × n bindings × n functions: ×8 a
    // doubling, 1,500 of each 4.9 s); now by the interpreter's index by node.
    const original = Array.prototype.find;
    let walked = 0;
    Array.prototype.find = function (this: unknown[], ...args: Parameters<typeof original>) {
      walked += this.length;
      return original.apply(this, args);
    } as typeof original;
    const counted: number[] = [];
    try {
      for (const n of [40, 80]) {
        walked = 0;
        const code = many(n);
        expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
        counted.push(walked);
      }
    } finally {
      Array.prototype.find = original;
    }
    // (one added to each: the engine may walk none at all)
    expect((counted[1]! + 1) / (counted[0]! + 1)).toBeLessThan(6);
  });
});

describe('review r19 (low): an attribute assigned rebinds the function, not only the module', () => {
  const flask = (top: string[], body: string[]) =>
    [
      'import os',
      'from pathlib import Path',
      'from flask import Flask, request, send_file',
      'app = Flask(__name__)',
      'BASE = "/srv/files"',
      ...top,
      '@app.route("/r")',
      'def r():',
      ...body.map((line) => `    ${line}`),
      '',
    ].join('\n');

  it('get_module().exit = print: exit() does not end the path, the sink is reported', async () => {
    const body = ['cmd = request.args["c"]', 'exit("bad")', 'os.system("ls " + cmd)'];
    const code = flask(['get_module().exit = print'], body);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
    expect(await findings(flask([], body), 'command-injection')).toEqual([]);
  });

  it('os.fspath = lambda …: the prefix check on os.fspath(p) does not clear path traversal', async () => {
    const body = [
      'p = Path(BASE, request.args["name"]).resolve()',
      'if not os.fspath(p).startswith(BASE):',
      '    return "no", 400',
      'return send_file(p)',
    ];
    const code = flask(['os.fspath = lambda p: BASE + "/x"'], body);
    expect(await findings(code, 'path-traversal')).toEqual([lineOf(code, 'send_file(p)')]);
    expect(await findings(flask([], body), 'path-traversal')).toEqual([]);
  });
});

describe('review r19 (medium): a file that binds names unwritten trusts no cleaner called by its bare name', () => {
  const quoting = (top: string[]) =>
    [
      'import os',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      'from shlex import quote as q',
      ...top,
      '@app.route("/r")',
      'def r():',
      '    os.system("ls " + q(request.args["c"]))',
      '    return "ok"',
      '',
    ].join('\n');

  it.each([
    ['globals()["q"] = str on a branch (s5)', ['if os.environ.get("X"):', '    globals()["q"] = str']],
    ['exec("q = str") on a branch (s6)', ['if os.environ.get("X"):', '    exec("q = str")']],
    [
      'sys.modules[__name__].__dict__.update(q=str)',
      ['import sys', 'sys.modules[__name__].__dict__.update(q=str)'],
    ],
  ])('%s: command injection', async (_what, top) => {
    const code = quoting(top);
    expect(await findings(code, 'command-injection')).toEqual([lineOf(code, 'os.system(')]);
  });

  it('the import alone still clears, and so it does where the file only reaches a module by name or reads a dictionary', async () => {
    expect(await findings(quoting([]), 'command-injection')).toEqual([]);
    // Django's admindocs/views.py: `import_module(…)`, `model.__dict__.items()`, `engine.template_builtins`
    const reaching = [
      'from importlib import import_module',
      'm = import_module(name)',
      'x = obj.__dict__.items()',
    ];
    expect(
      await findings(quoting([...reaching, 'y = engine.template_builtins']), 'command-injection'),
    ).toEqual([]);
  });
});
