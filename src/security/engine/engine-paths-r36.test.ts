import { describe, expect, it } from 'vitest';
import { findingIds, lineOf } from '../../../test/support/rule-findings.js';

/**
 * Review r36 of w155's engine paths (handed targets, constructed fields, inherited calls). Each case failed on
 * w155's a13de0a9: a finding main reports was lost, a safe object was flagged, or a critical finding became
 * "not verified" because the new in-place runs spent the closure runs' budget.
 */
const PY = 'import os, shlex, threading\nfrom flask import Flask, request\napp = Flask(__name__)\n\n';
const found = (code: string) => findingIds(code, { severity: true });
const route = (body: string) => `@app.route("/a")\ndef a():\n${body}    return "ok"\n`;

const BRANCHED =
  'class Runner:\n    def __init__(self, c, safe=False):\n        if safe:\n            self.cmd = shlex.quote(c)\n        else:\n            self.cmd = c\n    def go(self):\n        os.system("ls " + self.cmd)\n\n';

describe('a field written on two branches of the constructor', () => {
  it('keeps only what every write cleared it for: the class alone is caller-supplied', async () => {
    expect(await found(`${PY}${BRANCHED}`)).toEqual([
      `command-injection@${lineOf(BRANCHED, 'os.system') + 4}:medium`,
    ]);
  });

  it('the route giving request data without quoting is critical', async () => {
    const code = `${PY}${BRANCHED}${route('    Runner(request.args["c"], False).go()\n')}`;
    expect(await found(code)).toContainEqual(`command-injection@${lineOf(code, 'os.system')}:critical`);
  });

  it('quoted on every branch, still nothing', async () => {
    const code = `${PY}${BRANCHED.replace('self.cmd = c', 'self.cmd = shlex.quote(c)')}${route('    Runner(request.args["c"], False).go()\n')}`;
    expect(await found(code)).toEqual([]);
  });
});

const RUNNER =
  'class Runner:\n    def __init__(self, c):\n        self.cmd = c\n    def reset(self):\n        self.cmd = "ls"\n    def go(self):\n        os.system(self.cmd)\n\n';

describe('a field written after the constructor', () => {
  it.each([
    ['a method writing a constant', '    r = Runner(request.args["c"])\n    r.reset()\n    r.go()\n'],
    ['the caller writing a constant', '    r = Runner(request.args["c"])\n    r.cmd = "ls"\n    r.go()\n'],
  ])('%s: no critical finding', async (_, body) => {
    const code = `${PY}${RUNNER}${route(body)}`;
    expect((await found(code)).filter((id) => id.endsWith(':critical'))).toEqual([]);
  });

  it('a real finding of the route beside it is still reported', async () => {
    const code = `${PY}${RUNNER}${route('    q = request.args["c"]\n    r = Runner(q)\n    r.reset()\n    r.go()\n    os.system("echo " + q)\n')}`;
    expect(await found(code)).toContainEqual(`command-injection@${lineOf(code, 'os.system("echo')}:critical`);
  });
});

/** Base.m0…m9, each calling the next twice and `self.out(x)`, which Child overrides */
const CHAIN = (() => {
  let text = 'class Base:\n';
  for (let i = 0; i < 10; i++)
    text += `    def m${i}(self, x):\n${i < 9 ? `        self.m${i + 1}(x)\n        self.m${i + 1}(x)\n` : ''}        self.out(x)\n`;
  text +=
    '    def out(self, x):\n        return x\n\nclass Child(Base):\n    def out(self, x):\n        print(x)\n\n';
  return text;
})();

describe('the new in-place runs leave the closure runs their budget', () => {
  it('a doubling chain of inherited calls, then a closure reading the route’s data: critical, verified', async () => {
    const code = `${PY}${CHAIN}${route('    q = request.args["c"]\n    Child().m0(q)\n    Child().m0(q)\n    Child().m0(q)\n    def h():\n        os.system(q)\n    h()\n')}`;
    expect(await found(code)).toEqual([`command-injection@${lineOf(code, 'os.system(q)')}:critical`]);
  });

  it('the chain’s calls run once each per class and data, and the override’s sink is still reported', async () => {
    const code = `${PY}${CHAIN.replace('        print(x)', '        os.system(x)')}${route('    Child().m0(request.args["c"])\n')}`;
    expect(await found(code)).toContainEqual(`command-injection@${lineOf(code, 'os.system(x)')}:critical`);
  });

  it('210 threads of a nested function given constants, then a closure reading the route’s data', async () => {
    const code = `${PY}${route(`    q = request.args["c"]\n    def work(i):\n        return i\n${'    threading.Thread(target=work, args=(1,)).start()\n'.repeat(210)}    def h():\n        os.system(q)\n    h()\n`)}`;
    expect(await found(code)).toEqual([`command-injection@${lineOf(code, 'os.system(q)')}:critical`]);
  });

  it('a thread handed request data still reaches its sink', async () => {
    const code = `${PY}${route(`    q = request.args["c"]\n    def work(i):\n        os.system(i)\n${'    threading.Thread(target=work, args=(1,)).start()\n'.repeat(210)}    threading.Thread(target=work, args=(q,)).start()\n`)}`;
    expect(await found(code)).toEqual([`command-injection@${lineOf(code, 'os.system(i)')}:critical`]);
  });
});
