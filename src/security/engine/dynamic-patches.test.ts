import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * Review r25 (w110): a module's function patched through `setattr` or a namespace's dictionary, which no
 * assignment shows (`file-bindings.ts`' `dynamicWrites`), clears nothing when called, as `shlex.quote = str`
 * does not (review r22, c2); where nothing writes that attribute, the cleaner still clears.
 */
const ruleSet = defaultRuleSet();
const injections = async (code: string) =>
  (await analyzeSource({ source: code, language: 'python', file: 'app/views.py', ruleSet }))
    .filter((finding) => finding.ruleId === 'command-injection')
    .map((finding) => finding.line);
const sinkLine = (code: string) => code.split('\n').findIndex((line) => line.includes('os.system(')) + 1;

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
