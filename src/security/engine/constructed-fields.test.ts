import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';

/**
 * w155: data given to a constructor, kept in a field, reaching a sink in a method called on the object
 * (constructed-fields.ts). Each "found" case gave no finding before (checked on main 905ed6f6's code).
 */
const PY = 'import os, shlex\nfrom flask import Flask, request\napp = Flask(__name__)\n\n';
const RUNNER =
  'class Runner:\n    def __init__(self, c):\n        self.cmd = c\n    def describe(self):\n        return "runner"\n    def go(self):\n        os.system(self.cmd)\n\n';
const route = (body: string) => `@app.route("/a")\ndef a():\n${body}    return "ok"\n`;
const JS = "const { exec } = require('child_process');\nconst app = require('express')();\n";
const JS_RUNNER =
  'class Runner {\n  constructor(c) { this.cmd = c; }\n  describe() { return "runner"; }\n  go() { exec(this.cmd); }\n}\n';
const handler = (body: string) => `app.get('/a', (req, res) => {\n${body}  res.send('ok');\n});\n`;
const python = (code: string) => ruleLines(code, 'command-injection');
const javascript = (code: string) => ruleLines(code, 'command-injection', { language: 'javascript' });

describe('Python: a constructor keeps the data that a method runs', () => {
  it.each([
    [
      'the object bound to a name',
      `${PY}${RUNNER}${route('    obj = Runner(request.args["c"])\n    obj.go()\n')}`,
    ],
    ['the method called on the call', `${PY}${RUNNER}${route('    Runner(request.args["c"]).go()\n')}`],
    [
      'the sink in a method the called one calls through self',
      `${PY}class Runner:\n    def __init__(self, c):\n        self.cmd = c\n    def _run(self):\n        os.system(self.cmd)\n    def go(self):\n        self._run()\n\n${route('    Runner(request.args["c"]).go()\n')}`,
    ],
  ])('%s', async (_, code) => {
    expect(await python(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    ['a constant given', `${PY}${RUNNER}${route('    Runner("ls").go()\n')}`],
    [
      'only a method reaching no sink called',
      `${PY}${RUNNER}${route('    Runner(request.args["c"]).describe()\n')}`,
    ],
    [
      'the constructor quotes what it keeps',
      `${PY}class Runner:\n    def __init__(self, c):\n        self.cmd = shlex.quote(c)\n    def go(self):\n        os.system("ls " + self.cmd)\n\n${route('    Runner(request.args["c"]).go()\n')}`,
    ],
  ])('not found: %s', async (_, code) => {
    expect(await python(code)).toEqual([]);
  });

  it('the route’s own sink beside a safe object is still reported', async () => {
    const code = `${PY}${RUNNER}${route('    q = request.args["c"]\n    Runner("ls").go()\n    os.system("echo " + q)\n')}`;
    expect(await python(code)).toEqual([lineOf(code, 'os.system("echo')]);
  });
});

describe('JavaScript: a constructor keeps the data that a method runs', () => {
  it.each([
    ['new Runner(…).go()', `${JS}${JS_RUNNER}${handler('  new Runner(req.query.c).go();\n')}`],
    [
      'the object bound to a name',
      `${JS}${JS_RUNNER}${handler('  const r = new Runner(req.query.c);\n  r.go();\n')}`,
    ],
  ])('%s', async (_, code) => {
    expect(await javascript(code)).toEqual([lineOf(code, 'exec(this.cmd)')]);
  });

  it.each([
    ['a constant given', `${JS}${JS_RUNNER}${handler("  new Runner('ls').go();\n")}`],
    [
      'only a method reaching no sink called',
      `${JS}${JS_RUNNER}${handler('  new Runner(req.query.c).describe();\n')}`,
    ],
  ])('not found: %s', async (_, code) => {
    expect(await javascript(code)).toEqual([]);
  });
});
