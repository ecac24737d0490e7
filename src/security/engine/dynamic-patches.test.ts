import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';

/**
 * Review r25 (w110): a module's function patched through `setattr` or a namespace's dictionary, which no
 * assignment shows (`file-bindings.ts`' `dynamicWrites`), clears nothing when called, as `shlex.quote = str`
 * does not (review r22, c2); where nothing writes that attribute, the cleaner still clears.
 */
const injections = (code: string) => ruleLines(code, 'command-injection');
const sinkLine = (code: string) => lineOf(code, 'os.system(');

/** A route that runs `ls` with a request parameter quoted by `call`, after the module's lines `top`. */
const quoted = (top: string[], call = 'shlex.quote') =>
  [
    'import os, shlex, types',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    ...top,
    '@app.route("/r")',
    'def r():',
    `    os.system("ls " + ${call}(request.args["p"]))`,
    '    return "ok"',
    '',
  ].join('\n');
const onBranch = (line: string) => ['if os.environ.get("RAW"):', `    ${line}`];

const reported = async (code: string) => expect(await injections(code)).toEqual([sinkLine(code)]);
const clean = async (code: string) => expect(await injections(code)).toEqual([]);

describe('a module’s function patched without an assignment clears nothing', () => {
  it.each([
    'setattr(shlex, "quote", str)',
    'vars(shlex)["quote"] = str',
    'shlex.__dict__["quote"] = str',
    'vars(shlex).update(quote=str)',
    'shlex.__dict__.update({"quote": str})',
    'shlex.__dict__.setdefault("quote", str)',
    // any attribute may be the one written
    'setattr(shlex, os.environ["NAME"], str)',
    'setattr(shlex, "q\\x75ote", str)',
    'vars(shlex)["qu" + "ote"] = str',
    // the module's own name rebound
    'globals()["shlex"] = types.SimpleNamespace(quote=str)',
    'globals()[os.environ["NAME"]] = types.SimpleNamespace(quote=str)',
    'globals().update(shlex=types.SimpleNamespace(quote=str))',
  ])('%s on a branch: command injection', async (line) => {
    await reported(quoted(onBranch(line)));
  });

  it('setattr(sh, "quote", str) after import shlex as sh, called as sh.quote: command injection', async () => {
    await reported(quoted(['import shlex as sh', ...onBranch('setattr(sh, "quote", str)')], 'sh.quote'));
  });

  it('setattr in a function the route never calls still patches the module for every caller', async () => {
    await reported(quoted(['def raw():', '    setattr(shlex, "quote", str)']));
  });

  it('a name bound to the patched function clears nothing either (q = shlex.quote)', async () => {
    await reported(quoted(['q = shlex.quote', ...onBranch('setattr(shlex, "quote", str)')], 'q'));
  });
});

describe('what the reviewer’s question finds again (w110): other ways to change what shlex.quote does', () => {
  it.each([
    // quote reads the module's _find_unsafe: a string it finds nothing unsafe in comes back as it was
    'shlex._find_unsafe = lambda s: None',
    'setattr(shlex, "_find_unsafe", lambda s: None)',
    // the function's own code replaced
    'shlex.quote.__code__ = (lambda s: s).__code__',
    'setattr(shlex.quote, "__code__", (lambda s: s).__code__)',
    // the module got by name
    'sys.modules["shlex"].quote = str',
    'importlib.import_module("shlex").quote = str',
    '__import__("shlex").quote = str',
    'sys.modules[os.environ["M"]].quote = str',
    // the module's own name rebound
    'shlex = types.SimpleNamespace(quote=str)',
  ])('%s on a branch: command injection', async (line) => {
    await reported(quoted(['import sys, importlib', ...onBranch(line)]));
  });
});

describe('control: where nothing writes that attribute, the cleaner still clears', () => {
  it.each([
    [[]],
    [onBranch('setattr(types, "quote", str)')],
    [onBranch('vars(types)["split"] = str')],
    [['import sys', ...onBranch('sys.modules["types"].quote = str')]],
    [onBranch('os.environ["QUOTE"] = "1"')],
    // the module's name imported again is the same module
    [onBranch('import shlex')],
    // a function's own shlex is not the route's
    [['def other():', '    shlex = types.SimpleNamespace(quote=str)', '    return shlex']],
    [onBranch('globals()["other"] = str')],
    [onBranch('vars(types).update(quote=str)')],
    [
      [
        'class Box:',
        '    def __init__(self, name):',
        '        setattr(self, "quote", str)',
        '        setattr(self, name, str)',
      ],
    ],
    [['settings = {}', 'settings["quote"] = str']],
  ])('%j: still clears', async (top) => {
    await clean(quoted(top));
  });
});

describe('review r26: the module reached another way, then patched (w117)', () => {
  it.each([
    // the module held in a variable
    ['m = importlib.import_module("shlex")', 'm.quote = str'],
    ['m = __import__("shlex")', 'm.quote = str'],
    ['m = importlib.import_module("shlex")', 'setattr(m, "quote", str)'],
    ['pass', '(m := shlex).quote = str'],
    ['pass', 'for m in [shlex]: m.quote = str'],
    ['modules_ = [os, shlex]', 'for m in modules_: m.quote = str'],
    ['pass', 'globals()["shlex"].quote = str'],
    ['pass', 'sys.modules[__name__].shlex = types.SimpleNamespace(quote=str)'],
    // the module passed to a function that patches its parameter
    ['def patch(mod):\n    mod.quote = str', 'patch(shlex)'],
    ['def patch(mod, name, value):\n    setattr(mod, name, value)', 'patch(shlex, "quote", str)'],
    ['def patch(mod=None):\n    mod.quote = str', 'patch(mod=shlex)'],
    ['def patch(mod=shlex):\n    mod.quote = str', 'patch()'],
    ['class Patcher:\n    def apply(self):\n        self.quote = str', 'Patcher.apply(shlex)'],
    ['def inner(m):\n    m.quote = str\ndef outer(mod):\n    inner(mod)', 'outer(shlex)'],
    ['class Patcher:\n    def apply(self, mod):\n        mod.quote = str', 'Patcher().apply(shlex)'],
    // setattr by another name
    ['pass', 'object.__setattr__(shlex, "quote", str)'],
    ['pass', 'shlex.__setattr__("quote", str)'],
    ['pass', 'type(shlex).__setattr__(shlex, "quote", str)'],
    // mock and monkeypatch outside tests
    ['from unittest import mock', 'mock.patch("shlex.quote", str).start()'],
    ['from unittest import mock', 'mock.patch.object(shlex, "quote", str).start()'],
    ['from unittest.mock import patch', 'patch.object(shlex, "quote", str).start()'],
    ['import pytest', 'pytest.MonkeyPatch().setattr(shlex, "quote", str)'],
    ['import pytest', 'pytest.MonkeyPatch().setattr("shlex.quote", str)'],
    // mock's patch by another name (review r26, w122)
    ['from unittest.mock import patch as p', 'p("shlex.quote", str).start()'],
    ['from unittest import mock\npt = mock.patch', 'pt("shlex.quote", str).start()'],
    ['from unittest import mock\npo = mock.patch.object', 'po(shlex, "quote", str).start()'],
  ])('%s, then %s on a branch: command injection', async (setup, line) => {
    await reported(quoted(['import sys, importlib', ...setup.split('\n'), ...onBranch(line)]));
  });

  it('sys.modules["shlex"] = fake written before import shlex: command injection', async () => {
    const code = quoted([]).replace(
      'import os, shlex, types',
      'import os, sys, types\nsys.modules["shlex"] = types.SimpleNamespace(quote=str)\nimport shlex',
    );
    await reported(code);
  });

  it.each([
    'exec("shlex.quote = str")',
    'exec(os.environ["CODE"])',
    'eval(compile(os.environ["CODE"], "x", "exec"))',
    'run = exec',
  ])('%s on a branch: no module cleaner clears (command injection)', async (line) => {
    await reported(quoted(onBranch(line)));
  });
});

describe('control (w117): what holds no module, or writes none, leaves the cleaner clearing', () => {
  it.each([
    // a parameter given no module at any call site
    [['def patch(mod):', '    mod.quote = str', 'patch(types.SimpleNamespace())']],
    [['class Patcher:', '    def apply(self, mod):', '        mod.quote = str', 'Patcher().apply(object())']],
    [['class Box:', '    def __init__(self):', '        self.quote = str', 'Box()']],
    // a parameter that calls itself with what it holds adds no module (`def f(m): f(m)`)
    [['def f(m):', '    m.quote = str', '    f(m)', 'f(types)']],
    // a module held in a variable, another module patched
    [['m = importlib.import_module("types")', 'm.quote = str']],
    [['for m in [types]:', '    m.quote = str']],
    // the file's own module: none of shlex's names
    [['sys.modules[__name__].DEBUG = True']],
    [['globals()["DEBUG"] = True']],
    // constant code that writes nothing
    [['eval("1 + 1")']],
    [['exec("print(1)")']],
    // mock of another module, a dictionary's own setattr
    [['from unittest import mock', 'mock.patch("types.quote", str).start()']],
    [['from unittest.mock import patch as p', 'p("types.quote", str).start()']],
    [['from unittest import mock', 'pt = mock.patch', 'pt("types.quote", str).start()']],
    [['object.__setattr__(types, "quote", str)']],
    [['from re import compile', 'compile(os.environ["P"])']],
    [['sys.modules["other"] = types.SimpleNamespace()']],
  ])('%j: still clears', async (top) => {
    await clean(quoted(['import sys, importlib', ...top]));
  });
});
