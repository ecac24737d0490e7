import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/check.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource, calleesFirst, type RunOrder } from './analyze.js';
import type { FunctionDef } from './interpreter.js';

/** A method above the constructor that fills the field it reads (the file's order runs it first). */
const JOB_READS_ITS_CONSTRUCTOR_FIELD = [
  'import os',
  'class Job:',
  '    def run(self):',
  '        os.system(self.command)',
  '    def __init__(self, command):',
  '        self.command = command',
  '',
].join('\n');

/**
 * Issue 59: the engine's findings for a file must not depend on the order its functions run in (nor,
 * so, on where they stand in the file). Each case is a cause found on Django and bench/security's corpora
 * (bench/notes/2026-11-27-gate-order.md), minimised: the same file run in the file's order, in the
 * reverse order and in the engine's own (callees first), which gave different findings before.
 */
const ruleSet = defaultRuleSet();
const inFile: RunOrder = (functions) => functions;
const reversed: RunOrder = (functions) => [...functions].reverse();

const scan = async (source: string, order?: RunOrder): Promise<Finding[]> =>
  analyzeSource({ source, language: 'python', file: 'app.py', ruleSet, order });

/** The findings in the file's order, after checking the reverse order and the engine's own give the same. */
async function inEveryOrder(source: string): Promise<Finding[]> {
  const inFileOrder = await scan(source, inFile);
  expect(await scan(source, reversed)).toEqual(inFileOrder);
  expect(await scan(source)).toEqual(inFileOrder);
  return inFileOrder;
}

const described = (findings: readonly Finding[]) =>
  findings.map((finding) => `${finding.ruleId}:${finding.line}:${finding.severity}`);

describe('findings do not depend on the order functions run in', () => {
  it('a caller runs again when a helper it used gains a sink from its own helper, summarised later', async () => {
    // In the file's order `view` ran again with `middle`'s first summary, made before `inner` existed, and
    // never again: the command injection two calls down was found only when `inner` ran first.
    const source = [
      'import os',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      '@app.route("/run")',
      'def view():',
      '    return middle(request.args["cmd"])',
      'def middle(cmd):',
      '    return inner(cmd)',
      'def inner(cmd):',
      '    os.system(cmd)',
      '',
    ].join('\n');
    expect(described(await inEveryOrder(source))).toEqual(['command-injection:10:critical']);
  });

  it('a method runs again when the constructor, run after it, keeps a parameter in a field it reads', async () => {
    // Methods ran again only for fields holding request data: a constructor parameter kept in a field was
    // seen by the methods that ran after `__init__` only.
    const source = JOB_READS_ITS_CONSTRUCTOR_FIELD;
    expect(described(await inEveryOrder(source))).toEqual(['command-injection:4:medium']);
  });

  it('what a run made before a helper was summarised leaves nothing behind once it runs again', async () => {
    // `run` ran first with `quoted` not yet summarised, as a library call passing its argument through:
    // the field reached the shell then, and that field sink stayed after `run` ran again and saw `quoted`
    // quote it.
    const source = [
      'import os',
      'import shlex',
      'class Job:',
      '    def __init__(self, name):',
      '        self.name = name',
      '    def run(self):',
      '        os.system("ls " + self.quoted(self.name))',
      '    def quoted(self, value):',
      '        return shlex.quote(value)',
      '',
    ].join('\n');
    expect(described(await inEveryOrder(source))).toEqual([]);
  });

  it('where two callers bring data to one sink, the finding names the first caller in the file', async () => {
    // One finding per rule and line: the first match reported won, and the order functions ran in
    // decided which caller's source the message named.
    const source = [
      'import os',
      'import sys',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      'def run(cmd):',
      '    os.system(cmd)',
      '@app.route("/a")',
      'def from_request():',
      '    run(request.args["cmd"])',
      'def from_argv():',
      '    run(sys.argv[1])',
      '',
    ].join('\n');
    const [finding] = await inEveryOrder(source);
    expect(finding?.message).toContain('from line 9');
  });

  it('functions run again when the module, run again for a helper summarised later, binds other data', async () => {
    // The module runs first; `COMMAND` was clean there (`load` not summarised yet) and `main` never saw it
    // hold argv once the module ran again.
    const source = [
      'import os',
      'import sys',
      'def load():',
      '    return sys.argv[1]',
      'COMMAND = load()',
      'def main():',
      '    os.system(COMMAND)',
      '',
    ].join('\n');
    expect(described(await inEveryOrder(source))).toEqual(['command-injection:7:high']);
  });
});

describe('a callable kept in a field or returned by a helper does not depend on the order either (w54 into w56)', () => {
  const head = ['import subprocess', 'from functools import partial', 'from flask import Flask, request'];
  const route = ['app = Flask(__name__)', '@app.route("/r")', 'def r():'];

  it('a field set in a method written after the one that calls it reaches the route that calls that one', async () => {
    // Round 7 of the traps left this open: the class's methods ran again once the field held the partial,
    // their callers did not, so `hidden-dangerous-call` was found and the route's command injection not.
    const source = [
      ...head,
      'class Runner:',
      '    def go(self, cmd):',
      '        self.run(cmd)',
      '    def setup(self):',
      '        self.run = partial(subprocess.run, shell=True)',
      ...route,
      '    Runner().go(request.args["c"])',
      '    return "ok"',
      '',
    ].join('\n');
    expect(described(await inEveryOrder(source))).toEqual(['command-injection:6:critical']);
  });

  it('a caller runs again when its helper, run again for a helper of its own, starts returning a partial', async () => {
    // `make` had a summary (returning nothing) before `inner` was summarised; the one it has after returns
    // the partial, and only that differs: the route must see it.
    const source = [
      ...head,
      ...route,
      '    make()(request.args["c"])',
      '    return "ok"',
      'def make():',
      '    return inner()',
      'def inner():',
      '    return partial(subprocess.run, shell=True)',
      '',
    ].join('\n');
    expect(described(await inEveryOrder(source))).toEqual(['command-injection:7:critical']);
  });
});

describe('findings do not depend on where functions stand in the file', () => {
  /** The findings of each text as rule and the text of their line, after checking they are the same. */
  async function sameInEach(...sources: string[]): Promise<string[]> {
    const seen = await Promise.all(
      sources.map(async (source) =>
        (await scan(source)).map(
          (finding) => `${finding.ruleId}: ${source.split('\n')[finding.line - 1]!.trim()}`,
        ),
      ),
    );
    for (const other of seen.slice(1)) expect(other).toEqual(seen[0]);
    return seen[0]!;
  }

  it('`self.m()` calls the method of its own class, not the first function so named in the file', async () => {
    const shell = [
      'class Shell:',
      '    def go(self, name):',
      '        self.launch("ls " + name)',
      '    def launch(self, text):',
      '        os.system(text)',
    ];
    const quiet = ['class Quiet:', '    def launch(self, text):', '        print(text)'];
    expect(
      await sameInEach(
        ['import os', ...shell, ...quiet, ''].join('\n'),
        ['import os', ...quiet, ...shell, ''].join('\n'),
      ),
    ).toEqual(['command-injection: os.system(text)']);
  });

  it('a method inherited from a class of the file is the one `self.m()` reaches', async () => {
    const base = ['class Base:', '    def launch(self, text):', '        os.system(text)'];
    const other = ['class Other:', '    def launch(self, text):', '        print(text)'];
    const child = ['class Child(Base):', '    def go(self, name):', '        self.launch("ls " + name)'];
    expect(
      await sameInEach(
        ['import os', ...base, ...other, ...child, ''].join('\n'),
        ['import os', ...other, ...base, ...child, ''].join('\n'),
      ),
    ).toEqual(['command-injection: os.system(text)']);
  });

  it("a bare name calls the module's function, not a method of that name defined above it", async () => {
    const page = ['class Page:', '    def render(self, text):', '        return text'];
    const functions = [
      'def render(cmd):',
      '    os.system(cmd)',
      'def main(name):',
      '    render("ls " + name)',
    ];
    expect(
      await sameInEach(
        ['import os', ...page, ...functions, ''].join('\n'),
        ['import os', ...functions, ...page, ''].join('\n'),
      ),
    ).toEqual(['command-injection: os.system(cmd)']);
  });
});

describe('after review (issue 59, round 8)', () => {
  /** `depth` helpers, each passing its argument to the next; the last runs it in a shell. */
  const helperChain = (depth: number): string =>
    [
      'import os',
      'import sys',
      ...Array.from({ length: depth - 1 }, (_, k) => [`def h${k}(x):`, `    return h${k + 1}(x)`]).flat(),
      `def h${depth - 1}(x):`,
      '    os.system(x)',
      'h0(sys.argv[1])',
      '',
    ].join('\n');

  it('a chain of 5,000 helpers is ordered without overflowing the stack (F3)', async () => {
    // `calleesFirst` visited callees by recursion: the whole scan threw `Maximum call stack size exceeded`.
    const findings = await scan(helperChain(5000));
    expect(described(findings)).toEqual([`command-injection:${2 + 2 * 5000}:high`]);
  });

  it('a method calling a method of the same name of another class runs after it (F2)', async () => {
    // `Step1.run` calls `Step2().run(x)`: every callee named like the caller was dropped, so the chain ran
    // callers first and needed a sweep per class.
    const source = [
      'import os',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      '@app.route("/r")',
      'def view():',
      '    os.system(Step1().run(request.args["c"]))',
      '    return "ok"',
      ...Array.from({ length: 3 }, (_, k) => [
        `class Step${k + 1}:`,
        '    def run(self, x):',
        `        return Step${k + 2}().run(x)`,
      ]).flat(),
      'class Step4:',
      '    def run(self, x):',
      '        return x',
      '',
    ].join('\n');
    let ran: readonly FunctionDef[] = [];
    const recorded: RunOrder = (functions) => {
      ran = calleesFirst(functions);
      return ran;
    };
    expect(described(await scan(source, recorded))).toEqual(['command-injection:6:critical']);
    expect(ran.map((fn) => `${fn.owner ?? ''}.${fn.name}`)).toEqual([
      'Step4.run',
      'Step3.run',
      'Step2.run',
      'Step1.run',
      '.view',
    ]);
  });
});

describe("the engine's own order (a matter of speed: fewer functions run again)", () => {
  /** The findings in the engine's order, and that order as `Class.name`. */
  async function engineOrder(source: string): Promise<{ findings: string[]; order: string[] }> {
    let ran: readonly FunctionDef[] = [];
    const recorded: RunOrder = (functions) => {
      ran = calleesFirst(functions);
      return ran;
    };
    const findings = described(await scan(source, recorded));
    return { findings, order: ran.map((fn) => `${fn.owner ?? ''}.${fn.name}`) };
  }

  it('constructors run before the methods that read the fields they fill', async () => {
    // In the file's order `run` read `self.command` before `__init__` had stored anything and ran once more.
    const source = JOB_READS_ITS_CONSTRUCTOR_FIELD;
    const { findings, order } = await engineOrder(source);
    expect(order).toEqual(['Job.__init__', 'Job.run']);
    // the sink is still reported (the order changes no finding)
    expect(findings).toEqual(await inEveryOrder(source).then(described));
    expect(findings).toEqual(['command-injection:4:medium']);
  });

  it("a base class's method runs before the override that calls it through `super()`", async () => {
    // Every `render` was listed as a callee of every other: the base's ran last and each override once more.
    const source = [
      'import os',
      'import sys',
      'class Base:',
      '    def render(self, value):',
      '        os.system(value)',
      'class Middle(Base):',
      '    def render(self, value):',
      '        return super().render(value)',
      'class Leaf(Middle):',
      '    def render(self, value):',
      '        return super(Leaf, self).render(value)',
      'Leaf().render(sys.argv[1])',
      '',
    ].join('\n');
    const { findings, order } = await engineOrder(source);
    expect(order).toEqual(['Base.render', 'Middle.render', 'Leaf.render']);
    expect(findings).toEqual(await inEveryOrder(source).then(described));
    expect(findings.filter((finding) => finding.startsWith('command-injection:5:'))).toHaveLength(1);
  });
});

describe('after review: what the class regex feeds', () => {
  it('a JavaScript class extending `Model` does not switch the password rule on (F6)', async () => {
    // `extends` was read for `this.m()` calls and fed to the data-model classes too: an unmeasured rule change.
    const source = [
      "const express = require('express');",
      "const { Model } = require('sequelize');",
      'const app = express();',
      'class User extends Model {}',
      "app.post('/signup', async (req, res) => {",
      '  const user = new User({ name: req.body.name, password: req.body.password });',
      '  await user.save();',
      "  res.send('ok');",
      '});',
      '',
    ].join('\n');
    const findings = await analyzeSource({ source, language: 'javascript', file: 'app.js', ruleSet });
    expect(findings.map((finding) => finding.ruleId)).not.toContain('plaintext-password-storage');
  });
});

describe('after review: a file that takes long to settle', () => {
  /** A class whose steps copy request data from field to field, `steps` long, each step run in a shell. */
  const fieldChain = (steps: number, forwards: boolean): string => {
    const step = (k: number) => [
      `    def step${k}(self):`,
      `        self.f${k} = self.f${k - 1} + self.g + str(${k})`,
      `        os.system(self.f${k})`,
    ];
    const order = Array.from({ length: steps - 1 }, (_, k) => k + 1);
    return [
      'import os',
      'from flask import request',
      'class Job:',
      ...(forwards ? order : order.reverse()).flatMap(step),
      '    def step0(self):',
      "        self.f0 = request.args['cmd']",
      '',
    ].join('\n');
  };

  it('a chain of 400 fields gives the same findings written forwards and reversed (F1)', async () => {
    // 16 sweeps settled the chain written forwards and cut it short reversed: 399 findings or 15.
    const count = async (forwards: boolean) =>
      (await scan(fieldChain(400, forwards))).filter((finding) => finding.ruleId === 'command-injection')
        .length;
    expect(await count(true)).toBe(399);
    expect(await count(false)).toBe(399);
  });

  it('a file still changing when a function reached its cap of runs says its analysis stopped (F1)', async () => {
    // `view` calls every helper of a chain written callers first: run in the file's order, it runs again
    // after each sweep settles one more helper, past its cap. Its findings may be missing: the file says so.
    const depth = 70;
    const source = [
      'import os',
      'import sys',
      `def view(x):`,
      ...Array.from({ length: depth }, (_, k) => `    h${k}(x)`),
      ...Array.from({ length: depth - 1 }, (_, k) => [`def h${k}(x):`, `    return h${k + 1}(x)`]).flat(),
      `def h${depth - 1}(x):`,
      '    os.system(x)',
      'view(sys.argv[1])',
      '',
    ].join('\n');
    const findings = await scan(source, inFile);
    expect(findings.map((finding) => finding.ruleId)).toContain('analysis-unsettled');
    expect(findings.find((finding) => finding.ruleId === 'analysis-unsettled')?.message).toMatch(
      /^analysis stopped before settling: view\(\)/,
    );
    // callees first, the same file settles
    expect((await scan(source)).map((finding) => finding.ruleId)).not.toContain('analysis-unsettled');
  });
});

describe('after review: which function a call reaches', () => {
  it('a bare name defined in both branches of an `if` reaches both `def`s, whichever is last (F5)', async () => {
    // The last module-level `def` won: with the quoting branch last, the shell branch was never seen.
    const shell = ['    def clean(x):', '        return x'];
    const quoting = ['    def clean(x):', '        return shlex.quote(x)'];
    const file = (first: string[], second: string[]) =>
      [
        'import os, shlex',
        'from flask import Flask, request',
        'app = Flask(__name__)',
        'if os.environ.get("SAFE"):',
        ...first,
        'else:',
        ...second,
        '@app.route("/r")',
        'def r():',
        "    os.system(clean(request.args['c']))",
        '    return "ok"',
        '',
      ].join('\n');
    expect(described(await inEveryOrder(file(shell, quoting)))).toEqual(['command-injection:12:critical']);
    expect(described(await inEveryOrder(file(quoting, shell)))).toEqual(['command-injection:12:critical']);
  });

  it('two classes of one name, in two functions, each call their own methods (F4)', async () => {
    // Methods were keyed by the class's name: the last `Handler` won and the shell one was never reached.
    const handler = (sink: string) => [
      '    class Handler:',
      '        def go(self):',
      "            self.run(request.args['c'])",
      '        def run(self, x):',
      `            ${sink}`,
      '    return Handler',
    ];
    const file = (first: string, second: string) =>
      [
        'import os',
        'from flask import Flask, request',
        'app = Flask(__name__)',
        'def make_a():',
        ...handler(first),
        'def make_b():',
        ...handler(second),
        '',
      ].join('\n');
    expect(described(await inEveryOrder(file('os.system(x)', 'print(x)')))).toEqual([
      'command-injection:9:critical',
    ]);
    expect(described(await inEveryOrder(file('print(x)', 'os.system(x)')))).toEqual([
      'command-injection:16:critical',
    ]);
  });
});
