import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';

/**
 * w135: module state one function writes and another reads. A server runs every route in one process, so a
 * global set by `init()` or a module dict filled by a helper called from one route reaches a sink in another.
 * Each "found" case gave no finding before module-state.ts (checked on the base build).
 */
const HEAD = 'import os, shlex\nfrom flask import Flask, request\napp = Flask(__name__)\n';
const lines = (code: string) => ruleLines(code, 'command-injection');

describe('module state written by one function, read by another', () => {
  it.each([
    [
      'a global set by a function called at module level, read in a route',
      `${HEAD}CMD = None\n\ndef init():\n    global CMD\n    CMD = os.environ["X"]\n\ninit()\n\n@app.route("/a")\ndef a():\n    os.system(CMD)\n    return "ok"\n`,
    ],
    [
      'a global set by a route, read by another route',
      `${HEAD}\n@app.route("/set")\ndef s():\n    global CMD\n    CMD = request.args["q"]\n    return "ok"\n\n@app.route("/run")\ndef r():\n    os.system(CMD)\n    return "ok"\n`,
    ],
    [
      'a module dict filled by a helper called from one route, read in another',
      `${HEAD}TABLE = {}\n\ndef remember(v):\n    TABLE["a"] = v\n\n@app.route("/set")\ndef s():\n    remember(request.args["q"])\n    return "ok"\n\n@app.route("/run")\ndef r():\n    os.system(TABLE["a"])\n    return "ok"\n`,
    ],
    [
      'a module list appended to through two helpers',
      `${HEAD}SEEN = []\n\ndef note(v):\n    SEEN.append(v)\n\ndef keep(v):\n    note(v)\n\n@app.route("/set")\ndef s():\n    keep(request.args["q"])\n    return "ok"\n\n@app.route("/run")\ndef r():\n    os.system(SEEN[0])\n    return "ok"\n`,
    ],
    [
      'a global a method writes, read by a route (the route running first)',
      `${HEAD}@app.route("/run")\ndef r():\n    os.system(LAST)\n    return "ok"\n\nclass Store:\n    def keep(self):\n        global LAST\n        LAST = request.args["q"]\n\nLAST = ""\n`,
    ],
    [
      'a script: a global set by a function, read at module level',
      'import os, sys\nCMD = ""\n\ndef init():\n    global CMD\n    CMD = sys.argv[1]\n\ninit()\nos.system(CMD)\n',
    ],
  ])('%s', async (_, code) => {
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    [
      'the helper quotes what it keeps',
      `${HEAD}TABLE = {}\n\ndef remember(v):\n    TABLE["a"] = shlex.quote(v)\n\n@app.route("/set")\ndef s():\n    remember(request.args["q"])\n    return "ok"\n\n@app.route("/run")\ndef r():\n    os.system("ls " + TABLE["a"])\n    return "ok"\n`,
    ],
    [
      'a constant is kept',
      `${HEAD}TABLE = {}\n\ndef remember(v):\n    TABLE["a"] = v\n\n@app.route("/set")\ndef s():\n    remember("ls")\n    return "ok"\n\n@app.route("/run")\ndef r():\n    os.system(TABLE["a"])\n    return "ok"\n`,
    ],
    [
      'the reader binds a local of the same name',
      `${HEAD}TABLE = {}\n\ndef remember(v):\n    TABLE["a"] = v\n\n@app.route("/set")\ndef s():\n    remember(request.args["q"])\n    return "ok"\n\n@app.route("/run")\ndef r():\n    TABLE = {"a": "ls"}\n    os.system(TABLE["a"])\n    return "ok"\n`,
    ],
    [
      'a function assigns a local, not the global (no `global` statement)',
      `${HEAD}CMD = "ls"\n\n@app.route("/set")\ndef s():\n    CMD = request.args["q"]\n    return CMD\n\n@app.route("/run")\ndef r():\n    os.system(CMD)\n    return "ok"\n`,
    ],
  ])('not found: %s', async (_, code) => {
    expect(await lines(code)).toEqual([]);
  });

  it('the route that writes the data still reports its own sink', async () => {
    const code = `${HEAD}TABLE = {}\n\n@app.route("/set")\ndef s():\n    q = request.args["q"]\n    TABLE["a"] = q\n    os.system(q)\n    return "ok"\n`;
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });
});

describe('a module dict’s entries by constant key (review r32, a01)', () => {
  const table = `${HEAD}TABLE = {"b": "ls"}\n\ndef remember(v):\n    TABLE["a"] = v\n\n@app.route("/set")\ndef s():\n    remember(request.args["q"])\n    return "ok"\n\n`;
  it('not found: another entry than the one written', async () => {
    const code = `${table}@app.route("/run")\ndef r():\n    os.system(TABLE["b"])\n    return "ok"\n`;
    expect(await lines(code)).toEqual([]);
  });

  it('found: the entry written, beside the one not written', async () => {
    const code = `${table}@app.route("/run")\ndef r():\n    os.system(TABLE["b"])\n    os.system(TABLE["a"])\n    return "ok"\n`;
    expect(await lines(code)).toEqual([lineOf(code, 'TABLE["a"])')]);
  });

  it('found: an entry read by a key not known', async () => {
    const code = `${table}@app.route("/run")\ndef r():\n    os.system(TABLE[request.args["k"][:0] + "b"])\n    return "ok"\n`;
    expect(await lines(code)).toEqual([lineOf(code, 'os.system(')]);
  });
});
