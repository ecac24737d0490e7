import { describe, expect, it } from 'vitest';
import { expressRoute, findingIds, flaskRoute, lineOf } from '../../../test/support/rule-findings.js';

/**
 * Review r20 of w87: where two paths join (an `if`, a closure that may write its caller's variable), a
 * dict/object literal's keys and a tuple's elements were dropped, so `spawn(c, opts)` with `opts = {shell:
 * true}` on both sides lost its `shell` and the critical finding with it. Each case here gave no finding
 * (or a weaker one) before the change.
 */
const found = (code: string, language: 'python' | 'javascript') =>
  findingIds(code, { language, severity: true });

const express = (body: string) =>
  expressRoute(
    'const { spawn } = require("child_process");\nconst app = require("express")();\n',
    body,
    '  res.send("ok");\n',
  );
const flask = (body: string) =>
  flaskRoute(
    'import socket, subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\n',
    body,
    '    return "ok"\n',
  );

describe('an object literal on both sides of a join keeps its keys', () => {
  it.each([
    ['an if', '  let opts = { shell: true };\n  if (req.query.d) opts = { shell: true, cwd: "/tmp" };'],
    [
      'a closure that always writes it',
      '  let opts = { shell: true };\n  const withCwd = () => { opts = { shell: true, cwd: "/tmp" }; };\n  withCwd();',
    ],
    [
      'a closure that may write it',
      '  let opts = { shell: true };\n  const tweak = () => { if (req.query.d) opts = { shell: true, cwd: "/tmp" }; };\n  tweak();',
    ],
  ])('JavaScript: %s', async (_what, body) => {
    const code = express(`${body}\n  spawn(req.query.c, opts);`);
    expect(await found(code, 'javascript')).toEqual([
      `command-injection@${lineOf(code, 'spawn(req')}:critical`,
    ]);
  });

  it('Python: **kw a nonlocal write replaced', async () => {
    const code = flask(
      '    kw = {"shell": True}\n    def tweak():\n        nonlocal kw\n        if request.args.get("d"):\n            kw = {"shell": True, "cwd": "/tmp"}\n    tweak()\n    subprocess.run(request.args["c"], **kw)',
    );
    expect(await found(code, 'python')).toEqual([
      `command-injection@${lineOf(code, 'subprocess.run(')}:critical`,
    ]);
  });

  it('a tuple of the same length keeps its elements: bind(addr)', async () => {
    const code = flask(
      '    addr = ("0.0.0.0", 8080)\n    if request.args.get("p"):\n        addr = ("0.0.0.0", 8081)\n    s = socket.socket()\n    s.bind(addr)',
    );
    expect(await found(code, 'python')).toEqual([`bind-all-interfaces@${lineOf(code, 's.bind(')}:medium`]);
  });

  it('a key false on both sides stays false: no shell', async () => {
    const code = express(
      '  let opts = { shell: false };\n  if (req.query.d) opts = { shell: false, cwd: "/tmp" };\n  spawn(req.query.c, opts);',
    );
    // no shell: command-injection's `shell: true` sink stays quiet; the program itself is the request's, which
    // command-injection-argv reports since JavaScript has its argv judgement (r46, w187)
    expect(await found(code, 'javascript')).toEqual([
      `command-injection-argv@${lineOf(code, 'spawn(req.query.c')}:critical`,
    ]);
  });
});
