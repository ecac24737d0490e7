import { describe, expect, it } from 'vitest';
import { lineOf, ruleFindings } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, round 7 (w63): a call ends a path only in the languages where it really does
 * (`calls.terminatingIn` in `rules/security/_sources.json`). The list was shared by every language, so a Python
 * helper named `notFound` ended the path as Next.js's `notFound()` (which throws) does, and JavaScript's
 * `controller.abort()` as Flask's `abort()` (which raises).
 */
const injections = (code: string, language: 'python' | 'javascript') =>
  ruleFindings(code, language, 'command-injection');

describe('Python', () => {
  /** A route: `top` at module level, then `call` as a statement, then a command built from the request. */
  const route = (top: string, call: string) =>
    `import os, sys, flask\nfrom flask import Flask, request, abort, redirect\n${top}\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    ${call}\n    os.system("ls " + request.args["dir"])\n    return "ok"\n`;
  it.each([
    ['a helper named notFound', 'def notFound(message):\n    print(message)', 'notFound("no such dir")'],
    [
      'a helper named permanentRedirect',
      'def permanentRedirect(url):\n    print(url)',
      'permanentRedirect("/")',
    ],
    ['a project module named process (its exit is any function)', 'import process', 'process.exit()'],
    ['ctx.throw on an object of the file', 'ctx = flask.g', 'ctx.throw(400)'],
    ['a generator given an exception (gen.throw)', 'gen = iter([])', 'gen.throw(ValueError)'],
    ["Flask's redirect as a statement (its response dropped)", '', 'redirect("/")'],
  ])('%s does not end the path', async (_what, top, call) => {
    const code = route(top, call);
    expect(await injections(code, 'python')).toEqual([`command-injection@${lineOf(code, 'os.system(')}`]);
  });

  it.each([
    ["Flask's abort", 'abort(404)'],
    ['flask.abort', 'flask.abort(400)'],
    ['sys.exit', 'sys.exit(1)'],
    ['exit', 'exit(1)'],
    ['os._exit', 'os._exit(1)'],
  ])('%s still ends the path', async (_what, call) => {
    expect(await injections(route('', call), 'python')).toEqual([]);
  });
});

describe('JavaScript', () => {
  /** An Express handler: `call` as a statement, then a command built from the query. */
  const handler = (top: string, call: string) =>
    `const express = require('express');\nconst { exec } = require('child_process');\n${top}\nconst app = express();\napp.get('/r', (req, res, next) => {\n  ${call};\n  exec('ls ' + req.query.dir);\n});\n`;
  it.each([
    ["Next.js's notFound", "const { notFound } = require('next/navigation');", 'notFound()'],
    [
      "Next.js's permanentRedirect",
      "const { permanentRedirect } = require('next/navigation');",
      "permanentRedirect('/')",
    ],
    ['process.exit', '', 'process.exit(1)'],
    ["Koa's ctx.throw", "const Koa = require('koa');", 'ctx.throw(400)'],
  ])('%s still ends the path', async (_what, top, call) => {
    expect(await injections(handler(top, call), 'javascript')).toEqual([]);
  });

  it.each([
    ["an AbortController's abort", 'const controller = new AbortController();', 'controller.abort()'],
    ['a function named abort', 'function abort() { console.log("x"); }', 'abort()'],
    ['a function named exit', 'function exit() { console.log("x"); }', 'exit()'],
    // w69: Express's next() calls the next handler and returns; only `return next()` ends the handler
    ["Express's next", '', 'next()'],
  ])('%s does not end the path', async (_what, top, call) => {
    const code = handler(top, call);
    expect(await injections(code, 'javascript')).toEqual([`command-injection@${lineOf(code, "exec('ls")}`]);
  });
});
