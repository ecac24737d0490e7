import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';

/**
 * w135: an instance's field read after the method that filled it (`r.load(); os.system(r.cmd)`), a method's
 * parameter kept in a field for another method (`r.load(q); r.run()`), and a function called under a second
 * name (`f = load; f()`). Each "found" case gave no finding before the change (checked on the base build).
 */
const HEAD = 'import os, shlex\nfrom flask import Flask, request\napp = Flask(__name__)\n';
const lines = (code: string) => ruleLines(code, 'command-injection');

describe('fields filled by one method, read after the call or by another method', () => {
  it.each([
    [
      'the caller reads the field after the method filled it',
      `${HEAD}class Runner:\n    def load(self):\n        self.cmd = request.args["q"]\n\n@app.route("/a")\ndef a():\n    r = Runner()\n    r.load()\n    os.system(r.cmd)\n    return "ok"\n`,
    ],
    [
      'a method keeps its parameter, another method runs it',
      `${HEAD}class Runner:\n    def load(self, q):\n        self.cmd = q\n    def run(self):\n        os.system(self.cmd)\n\n@app.route("/a")\ndef a():\n    r = Runner()\n    r.load(request.args["q"])\n    r.run()\n    return "ok"\n`,
    ],
  ])('%s', async (_, code) => {
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    [
      'the method keeps its parameter quoted',
      `${HEAD}class Runner:\n    def load(self, q):\n        self.cmd = shlex.quote(q)\n    def run(self):\n        os.system("ls " + self.cmd)\n\n@app.route("/a")\ndef a():\n    r = Runner()\n    r.load(request.args["q"])\n    r.run()\n    return "ok"\n`,
    ],
    [
      'the caller gives the method a constant',
      `${HEAD}class Runner:\n    def load(self, q):\n        self.cmd = q\n    def run(self):\n        os.system(self.cmd)\n\n@app.route("/a")\ndef a():\n    r = Runner()\n    r.load("ls")\n    r.run()\n    return "ok"\n`,
    ],
    [
      'another field of the instance',
      `${HEAD}class Runner:\n    def load(self):\n        self.cmd = request.args["q"]\n        self.tool = "ls"\n\n@app.route("/a")\ndef a():\n    r = Runner()\n    r.load()\n    os.system(r.tool)\n    return "ok"\n`,
    ],
  ])('not found: %s', async (_, code) => {
    expect(await lines(code)).toEqual([]);
  });
});

describe('an instance whose own methods never ran (review r32, a03/a04: another instance filled the field)', () => {
  const runner = `${HEAD}class Runner:\n    def __init__(self):\n        self.cmd = "ls"\n    def load(self, q):\n        self.cmd = q\n\n`;
  it.each([
    [
      'another route’s instance',
      `${runner}@app.route("/set")\ndef s():\n    a = Runner()\n    a.load(request.args["q"])\n    return "ok"\n\n@app.route("/run")\ndef r():\n    b = Runner()\n    os.system(b.cmd)\n    return "ok"\n`,
    ],
    [
      'a second instance in the same function',
      `${runner}@app.route("/run")\ndef r():\n    a = Runner()\n    a.load(request.args["q"])\n    b = Runner()\n    os.system(b.cmd)\n    return "ok"\n`,
    ],
  ])('not found: %s', async (_, code) => {
    expect(await lines(code)).toEqual([]);
  });

  it('found: the instance the method filled, beside the one it did not', async () => {
    const code = `${runner}@app.route("/run")\ndef r():\n    a = Runner()\n    a.load(request.args["q"])\n    b = Runner()\n    os.system(b.cmd)\n    os.system(a.cmd)\n    return "ok"\n`;
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(a.cmd')]);
  });
});

describe('a function called under a second name', () => {
  it('f = load; f()', async () => {
    const code = `${HEAD}def load():\n    return request.args["q"]\n\n@app.route("/a")\ndef a():\n    f = load\n    os.system(f())\n    return "ok"\n`;
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it('f = run; f(q): the helper’s sink', async () => {
    const code = `${HEAD}def run(c):\n    os.system(c)\n\n@app.route("/a")\ndef a():\n    f = run\n    f(request.args["q"])\n    return "ok"\n`;
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    [
      'the function quotes what it returns',
      `${HEAD}def clean(v):\n    return shlex.quote(v)\n\n@app.route("/a")\ndef a():\n    f = clean\n    os.system("ls " + f(request.args["q"]))\n    return "ok"\n`,
    ],
  ])('not found: %s', async (_, code) => {
    expect(await lines(code)).toEqual([]);
  });

  it('a name bound a second way on a branch is not taken for the function (its cleaning not trusted)', async () => {
    const code = `${HEAD}def clean(v):\n    return shlex.quote(v)\n\n@app.route("/a")\ndef a():\n    f = clean\n    if request.args.get("raw"):\n        f = str\n    os.system("ls " + f(request.args["q"]))\n    return "ok"\n`;
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });
});

describe('a second name for a function the file may bind otherwise (review r32, d01/d05: main reported both)', () => {
  it.each([
    [
      'under a decorator not known to return it',
      `${HEAD}def passthrough(fn):\n    def w(v):\n        return v\n    return w\n\n@passthrough\ndef load(v):\n    return shlex.quote(v)\n\nf = load\n\n@app.route("/a")\ndef a():\n    os.system("ls " + f(request.args["q"]))\n    return "ok"\n`,
    ],
    [
      'rebound through `global` in a helper called before `f = load`',
      `${HEAD}def load(v):\n    return shlex.quote(v)\n\ndef raw(v):\n    return v\n\ndef setup():\n    global load\n    load = raw\n\nsetup()\nf = load\n\n@app.route("/a")\ndef a():\n    os.system("ls " + f(request.args["q"]))\n    return "ok"\n`,
    ],
  ])('found: %s', async (_, code) => {
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it('not found: the plain module-level alias of a quoting function is still followed', async () => {
    const code = `${HEAD}def load(v):\n    return shlex.quote(v)\n\nf = load\n\n@app.route("/a")\ndef a():\n    os.system("ls " + f(request.args["q"]))\n    return "ok"\n`;
    expect(await lines(code)).toEqual([]);
  });
});

describe('calling the function a call returns', () => {
  it('make()(q) with make returning its nested def', async () => {
    const code = `${HEAD}def make():\n    def run(c):\n        os.system(c)\n    return run\n\n@app.route("/a")\ndef a():\n    make()(request.args["q"])\n    return "ok"\n`;
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it('not found: make()("ls"), a constant', async () => {
    const code = `${HEAD}def make():\n    def run(c):\n        os.system(c)\n    return run\n\n@app.route("/a")\ndef a():\n    make()("ls")\n    return "ok"\n`;
    expect(await lines(code)).toEqual([]);
  });

  it('not found: the nested def quotes its argument', async () => {
    const code = `${HEAD}def make():\n    def run(c):\n        os.system("ls " + shlex.quote(c))\n    return run\n\n@app.route("/a")\ndef a():\n    make()(request.args["q"])\n    return "ok"\n`;
    expect(await lines(code)).toEqual([]);
  });
});
