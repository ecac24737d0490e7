import { describe, expect, it } from 'vitest';
import { expressRoute, findingIds, flaskRoute, lineOf } from '../../../test/support/rule-findings.js';
import { UNSETTLED_RULE } from './analyze.js';
import { MAX_CLOSURE_RUNS } from './calls.js';

/**
 * w121: a class defined in a route, whose method reads the route's variable (`cmd`), reached no sink: the method
 * was judged by a summary made without the route's variables (Python), or not at all (a JavaScript class inside
 * a callback has no summary). Its methods and constructor called there now run in place, as a nested function's
 * call does; in JavaScript they also run once where the class is declared, as a nested function declared there
 * does. Every case said to be found gave no finding before the change.
 */
const flask = (body: string) =>
  flaskRoute(
    'import os, shlex, functools\nfrom flask import Flask, request\napp = Flask(__name__)\n',
    `    cmd = request.args["q"]\n${body}`,
    '    return "ok"\n',
  );
const express = (body: string) =>
  expressRoute(
    'const cp = require("child_process");\nconst app = require("express")();\n',
    `  const cmd = req.query.q;\n${body}`,
    '  res.send("ok");\n',
  );
const python = (code: string) => findingIds(code, { severity: true });
const javascript = (code: string) => findingIds(code, { language: 'javascript', severity: true });
const at = (code: string, text: string) => [`command-injection@${lineOf(code, text)}:critical`];

describe('Python: a class defined in a route, its methods reading the route’s variables', () => {
  it.each([
    [
      'Runner().run()',
      '    class Runner:\n        def run(self):\n            os.system(cmd)\n    Runner().run()',
    ],
    [
      'an instance kept in a variable',
      '    class Runner:\n        def run(self):\n            os.system(cmd)\n    r = Runner()\n    r.run()',
    ],
    [
      'the constructor',
      '    class Runner:\n        def __init__(self):\n            os.system(cmd)\n    Runner()',
    ],
    [
      'a static method called through the class',
      '    class Runner:\n        @staticmethod\n        def run():\n            os.system(cmd)\n    Runner.run()',
    ],
    [
      'a class method called through the class',
      '    class Runner:\n        @classmethod\n        def run(cls):\n            os.system(cmd)\n    Runner.run()',
    ],
    [
      'a field the constructor sets, read by another method',
      '    class Runner:\n        def __init__(self):\n            self.c = cmd\n        def go(self):\n            os.system(self.c)\n    Runner().go()',
    ],
    [
      'a method calling another through self',
      '    class Runner:\n        def run(self):\n            self.go()\n        def go(self):\n            os.system(cmd)\n    Runner().run()',
    ],
    [
      'a nested function given to functools.partial',
      '    def run():\n        os.system(cmd)\n    f = functools.partial(run)\n    f()',
    ],
  ])('%s: found', async (_what, body) => {
    const code = flask(body);
    expect(await python(code)).toEqual(at(code, 'os.system'));
  });

  it.each([
    [
      'the method quotes the value',
      '    class Runner:\n        def run(self):\n            os.system("ls " + shlex.quote(cmd))\n    Runner().run()',
    ],
    [
      'the method runs its argument, given a constant',
      '    class Runner:\n        def run(self, c):\n            os.system(c)\n    Runner().run("ls")',
    ],
    [
      'the variable holds a constant again before the call',
      '    class Runner:\n        def run(self):\n            os.system(cmd)\n    cmd = "ls"\n    Runner().run()',
    ],
    // policy, as for a nested `def` nobody calls: a Python method never called is not run
    ['the method is never called', '    class Runner:\n        def run(self):\n            os.system(cmd)'],
  ])('control: %s stays clean', async (_what, body) => {
    expect(await python(flask(body))).toEqual([]);
  });

  it('a method given the route’s data as an argument is still found', async () => {
    const code = flask(
      '    class Runner:\n        def run(self, c):\n            os.system(c)\n    Runner().run(cmd)',
    );
    expect(await python(code)).toEqual(at(code, 'os.system'));
  });
});

describe('JavaScript: a class declared in a handler, its methods reading the handler’s variables', () => {
  it.each([
    ['new Runner().run()', '  class Runner { run() { cp.exec(cmd); } }\n  new Runner().run();'],
    [
      'an instance kept in a variable',
      '  class Runner { run() { cp.exec(cmd); } }\n  const r = new Runner();\n  r.run();',
    ],
    ['a static method', '  class Runner { static run() { cp.exec(cmd); } }\n  Runner.run();'],
    ['the constructor', '  class Runner { constructor() { cp.exec(cmd); } }\n  new Runner();'],
    [
      'a method given as a callback',
      '  class Runner { run() { cp.exec(cmd); } }\n  setTimeout(new Runner().run);',
    ],
    // policy, as for a function declared in a handler: it may be called whenever
    ['a method never called', '  class Runner { run() { cp.exec(cmd); } }'],
    [
      'the handler’s data as an argument',
      '  class Runner { run(c) { cp.exec(c); } }\n  new Runner().run(cmd);',
    ],
    [
      'a method calling another through this',
      '  class Runner { run(c) { this.go(c); } go(c) { cp.exec(c); } }\n  new Runner().run(cmd);',
    ],
  ])('%s: found', async (_what, body) => {
    const code = express(body);
    expect(await javascript(code)).toEqual(at(code, 'cp.exec'));
  });

  it('a class expression bound to a name', async () => {
    const code = express('  const R = class { run(c) { cp.exec(c); } };\n  new R().run(cmd);');
    expect(await javascript(code)).toEqual(at(code, 'cp.exec'));
  });

  it.each([
    [
      'the command as an argument list',
      '  class Runner { run() { cp.execFile("ls", [cmd]); } }\n  new Runner().run();',
    ],
    ['a constant argument', '  class Runner { run(c) { cp.exec(c); } }\n  new Runner().run("ls");'],
  ])('control: %s stays clean', async (_what, body) => {
    expect(await javascript(express(body))).toEqual([]);
  });
});

describe('a function literal assigned to a name the scope binds, passed by name to a built-in that calls it', () => {
  it('runs as the callback (interpreter-cost note, §4 not done)', async () => {
    const code = express('  let run;\n  run = function () { cp.exec(cmd); };\n  [1].forEach(run);');
    expect(await javascript(code)).toEqual(at(code, 'cp.exec'));
    const given = express('  let run;\n  run = function (c) { cp.exec(c); };\n  [cmd].forEach(run);');
    expect(await javascript(given)).toEqual(at(given, 'cp.exec'));
  });

  it('control: a constant command, and a parameter of that name, stay clean', async () => {
    expect(
      await javascript(express('  let run;\n  run = function () { cp.exec("ls"); };\n  [1].forEach(run);')),
    ).toEqual([]);
    // `run` in `go` is its parameter, not the literal the handler assigned to its own `run`
    expect(
      await javascript(
        express(
          '  let run;\n  run = function () { cp.exec("ls " + cmd); };\n  const go = (run) => [1].forEach(run);\n  go(() => 1);',
        ),
      ),
    ).toEqual([]);
  });
});

describe('past the closure limit', () => {
  it('a method of a class in the route that reads the route’s data makes the file not verified, never a silent pass', async () => {
    const code = flask(
      `    def noop():\n        return 1\n    class Runner:\n        def run(self):\n            os.system(cmd)\n${'    noop()\n'.repeat(MAX_CLOSURE_RUNS)}    Runner().run()`,
    );
    expect(await findingIds(code)).toEqual([`${UNSETTLED_RULE}@5`]);
  });
});

describe('a method of a class in the route that calls itself back (review r29 F4)', () => {
  // before: the method ran in place at every call of itself until the closure limit, and a safe file was not verified
  const walker = (sink: string) =>
    flask(
      `    prefix = cmd\n    class Walker:\n        def walk(self, node):\n            for child in node.get("children", []):\n                self.walk(child)\n            return prefix + node.get("name", "")\n    names = Walker().walk({"name": "root", "children": []})\n    os.system(${sink})`,
    );
  const builder = (sink: string) =>
    flask(
      `    class R:\n        def __init__(self, n):\n            if n > 0:\n                R(n - 1)\n                R(n - 1)\n            self.v = len(cmd)\n    R(30)\n    os.system(${sink})`,
    );
  const mutual = (sink: string) =>
    flask(
      `    class R:\n        def a(self, n):\n            if n:\n                self.b(n - 1)\n                self.b(n - 2)\n            return prefix\n        def b(self, n):\n            if n:\n                self.a(n - 1)\n                self.a(n - 2)\n            return 2\n    prefix = cmd\n    out = R().a(3)\n    os.system(${sink})`,
    );

  it.each([
    ['a method walking a tree through self', walker],
    ['a constructor building its own class', builder],
    ['two methods calling each other', mutual],
  ])('%s: quoted, the file passes; unquoted, it is found', async (_what, program) => {
    const value = program === walker ? 'names' : program === mutual ? 'out' : 'cmd';
    expect(await findingIds(program(`"ls " + shlex.quote(${value})`))).toEqual([]);
    const open = program(`"ls " + ${value}`);
    expect(await python(open)).toEqual(at(open, 'os.system'));
  });

  it('a sink inside the recursive method is still found', async () => {
    const code = flask(
      '    class R:\n        def a(self, n):\n            if n:\n                self.a(n - 1)\n            os.system(cmd)\n    R().a(3)',
    );
    expect(await python(code)).toEqual(at(code, 'os.system'));
  });
});

describe('a method of a class in the route reached another way (review r29 F5)', () => {
  // before: each of these gave no finding (the method was summarised without the route's variables)
  const run = '    class R:\n        def run(self):\n            os.system(cmd)\n';
  it.each([
    ['getattr of an instance', `${run}    getattr(R(), "run")()`],
    ['a method read off an instance, called later', `${run}    f = R().run\n    f()`],
    ['a method inherited from a base', `${run}    class B(R):\n        pass\n    B().run()`],
    [
      'super().run()',
      `${run}    class B(R):\n        def run(self):\n            super().run()\n    B().run()`,
    ],
    [
      'an instance of the first of two classes of one name',
      `${run}    r = R()\n    class R:\n        def run(self):\n            pass\n    r.run()`,
    ],
  ])('%s: found', async (_what, body) => {
    const code = flask(body);
    expect(await python(code)).toEqual(at(code, 'os.system'));
  });

  it.each([
    [
      'a subclass overrides the method with one that quotes',
      `${run}    class B(R):\n        def run(self):\n            os.system("ls " + shlex.quote(cmd))\n    B().run()`,
    ],
    [
      'getattr of an instance whose method quotes',
      '    class R:\n        def run(self):\n            os.system("ls " + shlex.quote(cmd))\n    getattr(R(), "run")()',
    ],
  ])('control: %s stays clean', async (_what, body) => {
    expect(await python(flask(body))).toEqual([]);
  });

  it('JavaScript: a method inherited through extends reads a field the subclass set', async () => {
    const code = express(
      '  class A { run() { cp.exec(this.c); } }\n  class B extends A { constructor(c) { super(); this.c = c; } }\n  new B(cmd).run();',
    );
    expect(await javascript(code)).toEqual(at(code, 'cp.exec'));
    // control: the subclass's own method, which runs a constant, is the one called
    const own = express(
      '  class A { run() { cp.exec(this.c); } }\n  class B extends A { constructor(c) { super(); this.c = c; } run() { cp.exec("ls"); } }\n  new B(cmd).run();',
    );
    expect(await javascript(own)).toEqual([]);
  });
});
