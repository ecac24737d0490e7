import { describe, expect, it } from 'vitest';
import { lineOf, ruleFindings } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, round 7 (a reviewer's probes, each run under CPython 3.11 + Flask: the command runs): a `with`
 * ends the path after a raise in its body only when every manager is one whose `__exit__` never swallows,
 * judged by what the manager resolves to in a file that does not rebind it; and Python's `next(rows)` is no
 * Express `next()`.
 */
const injections = (code: string, language: 'python' | 'javascript' = 'python') =>
  ruleFindings(code, language, 'command-injection');

/** A route whose body is `body` (indented), then a command built from the request. */
const route = (top: string, body: string) =>
  `import os, contextlib, threading\nfrom flask import Flask, request\n${top}\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n${body}\n    os.system("ls " + request.args["dir"])\n    return "ok"\n`;
const sinkLine = (code: string) => lineOf(code, 'os.system(');

describe("a with's manager, judged by what it resolves to", () => {
  const raising = (manager: string) => `    with ${manager}:\n        raise ValueError("x")`;
  it.each([
    ['a local def open (b08)', 'def open(*a):\n    return contextlib.suppress(Exception)', 'open("/tmp/x")'],
    ['open rebound at module level (b09)', 'open = contextlib.suppress', 'open(Exception)'],
    ['suppress imported as open (b10)', 'from contextlib import suppress as open', 'open(Exception)'],
    ["a module's attribute set (b11)", 'threading.Guard = contextlib.suppress', 'threading.Guard(Exception)'],
    ["a named class's attribute set", 'threading.Lock = contextlib.suppress', 'threading.Lock(Exception)'],
    [
      'a module attribute set by setattr',
      'setattr(threading, "Lock", contextlib.suppress)',
      'threading.Lock()',
    ],
    ['io.open set', 'import io\nio.open = contextlib.suppress', 'io.open(Exception)'],
    ['open set on builtins', 'import builtins\nbuiltins.open = contextlib.suppress', 'open(Exception)'],
    ['open a parameter', '', 'open(Exception)'],
    ['a class of the module no list names', '', 'threading.Timer(1, print)'],
  ])('%s: the path goes on after the with', async (what, top, manager) => {
    const body = raising(manager);
    const code =
      what === 'open a parameter'
        ? route(top, body).replace('def r():', 'def r(open=contextlib.suppress):')
        : route(top, body);
    expect(await injections(code)).toEqual([`command-injection@${sinkLine(code)}`]);
  });

  it.each([
    ['open', '', 'open("/tmp/x")'],
    ['threading.Lock', '', 'threading.Lock()'],
    ['Lock imported from threading', 'from threading import Lock', 'Lock()'],
    ['a lock kept in a variable', 'LOCK = threading.Lock()', 'LOCK'],
    ['two plain managers', '', 'open("/tmp/a") as a, open("/tmp/b") as b'],
  ])('%s, which never swallows: a raise in the body still ends the path', async (_what, top, manager) => {
    expect(await injections(route(top, raising(manager)))).toEqual([]);
  });
});

describe('an item that raises after one that may swallow (b07)', () => {
  it('a manager that may swallow, then one that raises: the path goes on after the with', async () => {
    const code = route(
      '',
      '    with contextlib.suppress(AttributeError), open(bytes.fromhex("00".encode())):\n        pass',
    );
    expect(await injections(code)).toEqual([`command-injection@${sinkLine(code)}`]);
  });

  it('a plain manager, then one that raises: the path ends', async () => {
    expect(
      await injections(
        route('', '    with open("/tmp/a"), open(bytes.fromhex("00".encode())):\n        pass'),
      ),
    ).toEqual([]);
  });
});

describe('next', () => {
  it("Python's next(rows) skips a CSV header and goes on (d01)", async () => {
    const code = route(
      'import csv',
      '    rows = csv.reader(request.files["f"].read().decode().splitlines())\n    next(rows)',
    );
    expect(await injections(code)).toEqual([`command-injection@${sinkLine(code)}`]);
  });

  // w69: Express's next() calls the next handler and returns: the code after it runs (it used to end the path)
  it("Express's next() returns: the code after it runs, in a branch or not", async () => {
    const code =
      "const express = require('express');\nconst { exec } = require('child_process');\nconst app = express();\napp.get('/r', (req, res, next) => {\n  if (!req.query.dir) {\n    next();\n  }\n  exec('ls ' + req.query.dir);\n});\napp.get('/s', (req, res, next) => {\n  next();\n  exec('ls ' + req.query.dir);\n});\n";
    expect(await injections(code, 'javascript')).toEqual(['command-injection@8', 'command-injection@12']);
  });
});
