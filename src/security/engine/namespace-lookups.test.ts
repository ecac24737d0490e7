import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w230: a module's member reached through its namespace with a constant name is that member, as a value too
 * (bench/notes/2026-11-29-gate-consistency.md, "Left": `fn = vars(tempfile)["mktemp"]; fn()` and
 * `sys.modules["os"].system(c)` were not resolved).
 */
const flask = (body: string, head = '') =>
  `import importlib\nimport os\nimport sys\nimport tempfile\n${head}from flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    c = request.args["c"]\n${body}\n    return "ok"\n`;
const ids = async (code: string) =>
  (await findingIds(code)).filter((id) =>
    /^(?:command-injection|insecure-temp-file|path-traversal)/.test(id),
  );

describe("a module's namespace indexed by a constant name", () => {
  it.each([
    [
      'vars(tempfile)["mktemp"] bound, then called',
      '    fn = vars(tempfile)["mktemp"]\n    fn()',
      'insecure-temp-file@12',
    ],
    [
      'tempfile.__dict__["mktemp"] bound, then called',
      '    fn = tempfile.__dict__["mktemp"]\n    fn()',
      'insecure-temp-file@12',
    ],
    ['sys.modules["os"].system(c)', '    sys.modules["os"].system(c)', 'command-injection@11'],
    [
      'sys.modules["os"] bound, then .system(c)',
      '    m = sys.modules["os"]\n    m.system(c)',
      'command-injection@12',
    ],
    [
      'vars(sys.modules["os"])["system"](c)',
      '    vars(sys.modules["os"])["system"](c)',
      'command-injection@11',
    ],
    [
      'getattr(sys.modules["os"], "system")(c)',
      '    getattr(sys.modules["os"], "system")(c)',
      'command-injection@11',
    ],
    [
      'importlib.import_module("os").__dict__["system"] bound, then called',
      '    f = importlib.import_module("os").__dict__["system"]\n    f(c)',
      'command-injection@12',
    ],
    [
      'sys.modules["subprocess"].run(c, shell=True)',
      '    sys.modules["subprocess"].run(c, shell=True)',
      'command-injection@11',
    ],
  ])('%s: reported', async (_name, body, expected) => {
    expect(await ids(flask(body))).toContain(expected);
  });

  it.each([
    ['sys.modules["os"].path.join of a constant', '    sys.modules["os"].path.join("/srv", "a")'],
    ['a name not constant: sys.modules[c]', '    sys.modules[c].system("ls")'],
    [
      'vars() of an object: its fields, no module',
      '    class C: pass\n    o = C()\n    vars(o)["system"]("ls")',
    ],
    [
      'a vars the file defines',
      '    f = vars(os)["system"]\n    f(c)',
      'def vars(m):\n    return {"system": print}\n',
    ],
    ['a constant command through sys.modules', '    sys.modules["os"].system("ls")'],
  ])('%s: quiet', async (_name, body, head = '') => {
    expect(await ids(flask(body, head))).toEqual([]);
  });

  it("an object's own __dict__ keeps the data its field holds", async () => {
    const code =
      'import os\nfrom flask import Flask, request\napp = Flask(__name__)\n\nclass Job:\n    def __init__(self, c):\n        self.c = c\n\n@app.route("/r")\ndef r():\n    job = Job(request.args["c"])\n    os.system(job.__dict__["c"])\n    return "ok"\n';
    expect(await ids(code)).toContain('command-injection@12');
  });
});

describe("a module's namespace read through the dictionary's get with a constant key (w236)", () => {
  it.each([
    ['vars(os).get("system")(c)', '    vars(os).get("system")(c)', 'command-injection@11'],
    ['os.__dict__.get("system")(c)', '    os.__dict__.get("system")(c)', 'command-injection@11'],
    [
      'vars(os).get("system") bound, then called',
      '    fn = vars(os).get("system")\n    fn(c)',
      'command-injection@12',
    ],
    [
      'm.__dict__.get("system") of a module got by name',
      '    m = importlib.import_module("os")\n    m.__dict__.get("system")(c)',
      'command-injection@12',
    ],
    [
      'with a default: vars(os).get("system", print)(c)',
      '    vars(os).get("system", print)(c)',
      'command-injection@11',
    ],
    ['sys.modules.get("os").system(c)', '    sys.modules.get("os").system(c)', 'command-injection@11'],
    ['vars(tempfile).get("mktemp")()', '    vars(tempfile).get("mktemp")()', 'insecure-temp-file@11'],
  ])('%s: reported', async (_name, body, expected) => {
    expect(await ids(flask(body))).toContain(expected);
  });

  it.each([
    ['a key not constant: vars(os).get(c)', '    vars(os).get(c)("ls")'],
    [
      'an object\'s namespace: vars(o).get("system")',
      '    class C: pass\n    o = C()\n    vars(o).get("system")(c)',
    ],
    ['a dict of the file: {...}.get("system")', '    {"system": print}.get("system")(c)'],
    ['a constant command', '    vars(os).get("system")("ls")'],
    [
      'a vars the file defines',
      '    vars(os).get("system")(c)',
      'def vars(m):\n    return {"system": print}\n',
    ],
    ['another method of the namespace: vars(os).keys()', '    vars(os).keys()'],
  ])('%s: quiet', async (_name, body, head = '') => {
    expect(await ids(flask(body, head))).toEqual([]);
  });
});
