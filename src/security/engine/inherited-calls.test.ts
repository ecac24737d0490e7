import { describe, expect, it } from 'vitest';
import { lineOf, ruleLines } from '../../../test/support/rule-findings.js';

/**
 * w155: a method only a base defines, called on an object of a class below it, calls back a method that class
 * overrides with a sink (inherited-calls.ts; the cause r34 named for `super`). Each "found" case gave no finding
 * before (checked on main 905ed6f6's code).
 */
const PY = 'import os\nfrom flask import Flask, request\napp = Flask(__name__)\n\n';
const CLASSES =
  'class Base:\n    def run(self, q):\n        self.out(q)\n    def out(self, q):\n        pass\n\nclass Child(Base):\n    def out(self, q):\n        os.system(q)\n\nclass Quiet(Base):\n    def out(self, q):\n        print(len(q))\n\n';
const route = (body: string) => `@app.route("/a")\ndef a():\n${body}    return "ok"\n`;
const JS = "const { exec } = require('child_process');\nconst app = require('express')();\n";
const JS_CLASSES =
  'class Base {\n  run(q) { this.out(q); }\n  out(q) {}\n}\nclass Child extends Base {\n  out(q) { exec(q); }\n}\nclass Quiet extends Base {\n  out(q) { console.log(q.length); }\n}\n';
const handler = (body: string) => `app.get('/a', (req, res) => {\n${body}  res.send('ok');\n});\n`;
const python = (code: string) => ruleLines(code, 'command-injection');
const javascript = (code: string) => ruleLines(code, 'command-injection', { language: 'javascript' });

describe('Python: the inherited method’s self is the object’s class', () => {
  it.each([
    ['Child().run(q)', `${PY}${CLASSES}${route('    Child().run(request.args["x"])\n')}`],
    [
      'the object bound to a name',
      `${PY}${CLASSES}${route('    c = Child()\n    c.run(request.args["x"])\n')}`,
    ],
    [
      'self.run(q) in a method of the child',
      `${PY}${CLASSES}class Handler(Child):\n    def handle(self):\n        self.run(request.args["x"])\n\n`,
    ],
  ])('%s', async (_, code) => {
    expect(await python(code)).toEqual([lineOf(code, 'os.system(')]);
  });

  it.each([
    ['the base itself', `${PY}${CLASSES}${route('    Base().run(request.args["x"])\n')}`],
    ['a sibling whose override is safe', `${PY}${CLASSES}${route('    Quiet().run(request.args["x"])\n')}`],
    ['a constant given', `${PY}${CLASSES}${route('    Child().run("ls")\n')}`],
  ])('not found: %s', async (_, code) => {
    expect(await python(code)).toEqual([]);
  });

  it('a sink of the base’s own method is still reported', async () => {
    const code = `${PY}class Base:\n    def run(self, q):\n        os.system("a " + q)\n        self.out(q)\n    def out(self, q):\n        pass\n\nclass Quiet(Base):\n    def out(self, q):\n        print(q)\n\n${route('    Quiet().run(request.args["x"])\n')}`;
    expect(await python(code)).toEqual([lineOf(code, 'os.system(')]);
  });
});

describe('JavaScript: the inherited method’s this is the object’s class', () => {
  it.each([
    ['new Child().run(q)', `${JS}${JS_CLASSES}${handler('  new Child().run(req.query.c);\n')}`],
    [
      'the object bound to a name',
      `${JS}${JS_CLASSES}${handler('  const c = new Child();\n  c.run(req.query.c);\n')}`,
    ],
  ])('%s', async (_, code) => {
    expect(await javascript(code)).toEqual([lineOf(code, 'exec(q)')]);
  });

  it.each([
    ['a sibling whose override is safe', `${JS}${JS_CLASSES}${handler('  new Quiet().run(req.query.c);\n')}`],
    ['the base itself', `${JS}${JS_CLASSES}${handler('  new Base().run(req.query.c);\n')}`],
  ])('not found: %s', async (_, code) => {
    expect(await javascript(code)).toEqual([]);
  });
});
