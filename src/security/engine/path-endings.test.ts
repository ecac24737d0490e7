import { describe, expect, it } from 'vitest';
import { lineOf, ruleFindings } from '../../../test/support/rule-findings.js';

/**
 * Issue 59 (w69): where the engine ends a path, by what the code really does. A call ends a path only when
 * the language or a library the file resolves it to guarantees that it never returns: Express's
 * `res.redirect()` and `next()` return, so do `ftp.abort()` and a helper of the file named `abort`.
 * `except*` binds the exception as `except … as e` does.
 */

describe('JavaScript: Express returns from res.redirect() and next()', () => {
  /** An Express handler: `call` as a statement, then a command built from the query. */
  const handler = (top: string, call: string) =>
    `const express = require('express');\nconst { exec } = require('child_process');\n${top}\nconst app = express();\napp.get('/r', (req, res, next) => {\n  const gen = makeGenerator();\n  ${call};\n  exec('ls ' + req.query.dir);\n});\n`;
  it.each([
    ["Express's res.redirect", '', "res.redirect('/login')"],
    ["Express's next", '', 'next()'],
    ['res.send', '', "res.send('ok')"],
    ['res.json', '', 'res.json({ ok: true })'],
    ['res.end', '', 'res.end()'],
    ['res.render', '', "res.render('page')"],
    ['res.sendFile', '', "res.sendFile('/srv/index.html')"],
    ["a generator's throw", '', 'gen.throw(new Error("x"))'],
    ['a function of the file named notFound', 'function notFound() { console.log("x"); }', 'notFound()'],
    [
      'a function of the file named permanentRedirect',
      'function permanentRedirect(u) { console.log(u); }',
      "permanentRedirect('/')",
    ],
    // review r12 of w69 (F8): a name is the file's own binding before it is a module's or a global's
    ['a local process', '', 'const process = { exit() {} };\n  process.exit(1)'],
    [
      "ctx.throw on an object that is not Koa's",
      'const ctx = { throw: (m) => console.log(m) };',
      "ctx.throw('bad')",
    ],
    ['ctx.throw in a file that does not import Koa', '', "ctx.throw('bad')"],
    [
      "a block's own redirect over next/navigation's",
      "const { redirect } = require('next/navigation');",
      "{\n    const redirect = (u) => console.log(u);\n    redirect('/x');\n  }",
    ],
  ])('%s: the code after it runs', async (_what, top, call) => {
    const code = handler(top, call);
    expect(await ruleFindings(code, 'javascript', 'command-injection')).toEqual([
      `command-injection@${lineOf(code, "exec('ls")}`,
    ]);
  });

  it.each([
    ['return res.redirect()', '', "return res.redirect('/login')"],
    [
      "Next.js's redirect (it throws)",
      "const { redirect } = require('next/navigation');",
      "redirect('/login')",
    ],
    ["Next.js's notFound imported", "import { notFound } from 'next/navigation';", 'notFound()'],
    [
      "Next.js's permanentRedirect through its module",
      "const navigation = require('next/navigation');",
      "navigation.permanentRedirect('/')",
    ],
    ['process.exit', '', 'process.exit(1)'],
    ["Koa's ctx.throw", "const Koa = require('koa');", 'ctx.throw(400)'],
  ])('%s still ends the path', async (_what, top, call) => {
    expect(await ruleFindings(handler(top, call), 'javascript', 'command-injection')).toEqual([]);
  });
});

describe('Python: a call ends a path by the name it resolves to, not its last attribute', () => {
  /** A route: `top` at module level, then `call` as a statement, then a command built from the request. */
  const route = (top: string, call: string, parameters = '') =>
    `import os, sys, ftplib\nfrom flask import Flask, request\n${top}\napp = Flask(__name__)\n@app.route("/r")\ndef r(${parameters}):\n    ${call}\n    os.system("ls " + request.args["dir"])\n    return "ok"\n`;
  it.each([
    ["an FTP connection's abort", '', 'ftplib.FTP("host").abort()'],
    ["an object's abort", 'transfer = object()', 'transfer.abort()'],
    ['abort on a parameter', '', 'ftp.abort()', 'ftp=None'],
    ['a helper of the file named abort', 'def abort(code):\n    print(code)', 'abort(404)'],
    ['abort that nothing imports (unknown, not Flask’s)', '', 'abort(404)'],
    ['flask.abort with flask never imported', '', 'flask.abort(404)'],
    ['a helper of the file named exit', 'def exit(code):\n    print(code)', 'exit(1)'],
    ['a parameter named quit', '', 'quit()', 'quit=print'],
    ['exit bound at module level', 'exit = print', 'exit(1)'],
    ['a star import may bind exit', 'from helpers import *', 'exit(1)'],
    ['sys.exit on a local named sys', 'sys = object()', 'sys.exit(1)'],
    // review r12 of w69 (F5, F6, F7): the file rebinds the name, wherever and however it does
    ["Flask's abort rebound to a lambda", 'from flask import abort\nabort = lambda *a: None', 'abort(403)'],
    [
      "Flask's abort rebound in the route",
      'from flask import abort',
      'abort = lambda *a: None\n    abort(403)',
    ],
    [
      "Flask's abort rebound by another function's global",
      'from flask import abort\ndef setup():\n    global abort\n    abort = print',
      'abort(403)',
    ],
    ['exit bound to a lambda in the route', '', 'exit = lambda *a: None\n    exit(1)'],
    ['quit bound to a lambda at module level', 'quit = lambda *a: None', 'quit()'],
    ['exit rebound through globals()', "globals()['exit'] = print", 'exit(1)'],
    ['builtins.exit rebound', 'import builtins\nbuiltins.exit = print', 'exit(1)'],
    ['__builtins__.exit rebound', '__builtins__.exit = print', 'exit(1)'],
    ['exit rebound by setattr', 'import builtins\nsetattr(builtins, "exit", print)', 'exit(1)'],
    ['sys.exit rebound', 'sys.exit = print', 'sys.exit(1)'],
    [
      'a held abort rebound on a branch',
      'import flask',
      'stop = flask.abort\n    if request.args.get("q"):\n        stop = print\n    stop(403)',
    ],
  ])('%s: the path goes on', async (_what, top, call, parameters = '') => {
    const code = route(top, call, parameters);
    expect(await ruleFindings(code, 'python', 'command-injection')).toEqual([
      `command-injection@${lineOf(code, 'os.system(')}`,
    ]);
  });

  it.each([
    ['after the route', 'from flask import abort', 'def abort(code):\n    print(code)'],
    [
      'before the route, with a local import in another function',
      'def abort(code):\n    print(code)\ndef helper():\n    from flask import abort\n    abort(404)',
      '',
    ],
  ])('a function of the file named abort, defined %s: the path goes on', async (_what, top, after) => {
    const code = `${route(top, 'abort(403)')}${after}\n`;
    expect(await ruleFindings(code, 'python', 'command-injection')).toEqual([
      `command-injection@${lineOf(code, 'os.system(')}`,
    ]);
  });

  it.each([
    ["Flask's abort", 'from flask import abort', 'abort(404)'],
    ['flask.abort', 'import flask', 'flask.abort(400)'],
    ['flask imported under another name', 'import flask as F', 'F.abort(400)'],
    ["Flask's abort renamed", 'from flask import abort as deny', 'deny(403)'],
    ["Flask's abort held in a name", 'import flask\nstop = flask.abort', 'stop(403)'],
    ["Werkzeug's abort", 'from werkzeug.exceptions import abort', 'abort(404)'],
    ['werkzeug.exceptions.abort', 'import werkzeug.exceptions', 'werkzeug.exceptions.abort(404)'],
    ['sys.exit', '', 'sys.exit(1)'],
    ['exit from sys renamed', 'from sys import exit as bye', 'bye(1)'],
    ['os._exit', '', 'os._exit(1)'],
    ['os.abort', '', 'os.abort()'],
    ['the built-in exit', '', 'exit(1)'],
    ['the built-in quit', '', 'quit()'],
  ])('%s still ends the path', async (_what, top, call) => {
    expect(await ruleFindings(route(top, call), 'python', 'command-injection')).toEqual([]);
  });
});

describe('except* (Python 3.11 exception groups) binds the exception as except … as e does', () => {
  const handler = (clause: string, use: string) =>
    `from flask import Flask, jsonify\napp = Flask(__name__)\n\n@app.route("/x")\ndef x():\n    try:\n        return jsonify(work())\n    ${clause}:\n        return jsonify({"error": ${use}}), 500\n`;
  const exposed = (clause: string, use: string) =>
    ruleFindings(handler(clause, use), 'python', 'error-details-exposure');
  it.each([
    ['Exception', 'str(e)', true],
    ['Exception', 'f"failed: {e}"', true],
    ['(OSError, RuntimeError)', 'str(e.exceptions[0])', true],
    ['Exception', 'e.exceptions[0].args', true],
    ['ValidationError', 'str(e)', false],
    ['(ValueError, KeyError)', 'str(e)', false],
  ])('except* %s as e, then %s: as except gives', async (caught, use, reported) => {
    const plain = await exposed(`except ${caught} as e`, use);
    expect(plain).toEqual(reported ? ['error-details-exposure@9'] : []);
    expect(await exposed(`except* ${caught} as e`, use)).toEqual(plain);
  });
});
