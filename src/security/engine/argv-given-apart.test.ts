import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * Review r46 (w187): a program and its arguments given apart. JavaScript had no argv judgement at all (only
 * `shell: true` was a sink): `spawn("sh", ["-c", q])`, `execFile(q)`, `fork(q)`. Python's `os.execv(path, argv)`,
 * `os.spawnv(mode, path, argv)`, `os.spawnl(mode, path, arg0, …)` and `asyncio.create_subprocess_exec` were read
 * at the wrong position or not at all.
 */
const argv = 'command-injection-argv';
const shell = 'command-injection';
const express = (body: string) =>
  `const cp = require('child_process');\nconst express = require('express');\nconst app = express();\napp.get('/r', (req, res) => {\n  const c = req.query.c;\n${body}\n});\n`;
const js = (code: string, rule = argv) => ruleLines(code, rule, { language: 'javascript' });
const route = (body: string) =>
  `import os, asyncio, subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    c = request.args.get("command")\n${body}`;
const py = (code: string, rule = argv) => ruleLines(code, rule);

describe('JavaScript: the program or its shell script from the request', () => {
  it.each([
    ["spawn('sh', ['-c', q])", "  cp.spawn('sh', ['-c', c]);"],
    ['spawn(q, args)', "  cp.spawn(c, ['-l']);"],
    ['execFile(q)', '  cp.execFile(c);'],
    ["execFileSync('/bin/bash', ['-c', q])", "  cp.execFileSync('/bin/bash', ['-c', c]);"],
    ["spawnSync(process.execPath, ['-e', q])", "  cp.spawnSync(process.execPath, ['-e', c]);"],
    ['fork(q)', '  cp.fork(c);'],
    ["spawn('nice', ['-n', '5', 'sh', '-c', q])", "  cp.spawn('nice', ['-n', '5', 'sh', '-c', c]);"],
    ["spawn('sudo', ['-iu', 'root', 'sh', '-c', q])", "  cp.spawn('sudo', ['-iu', 'root', 'sh', '-c', c]);"],
    ["spawn('/usr/bin/env', ['sh', '-c', q])", "  cp.spawn('/usr/bin/env', ['sh', '-c', c]);"],
    ["spawn('sh', ['-c', '--', q])", "  cp.spawn('sh', ['-c', '--', c]);"],
    ["spawn('sh', [...base, q])", "  const base = ['-c'];\n  cp.spawn('sh', [...base, c]);"],
    ['destructured spawn', "  const { spawn } = cp;\n  spawn('sh', ['-c', c]);"],
    ["a list pushed the request: spawn('sh', a)", "  const a = ['-c'];\n  a.push(c);\n  cp.spawn('sh', a);"],
  ])('%s: reported', async (_what, body) => {
    expect(await js(express(body))).toHaveLength(1);
  });

  it.each([
    ["spawn('git', ['log', '--', file])", "  cp.spawn('git', ['log', '--', c]);"],
    ["execFile('convert', [q, 'out.png'])", "  cp.execFile('convert', [c, 'out.png']);"],
    ["spawn('sh', ['-c', 'ls \"$1\"', 'sh', q])", "  cp.spawn('sh', ['-c', 'ls \"$1\"', 'sh', c]);"],
    ["spawn('node', ['tool.js', q])", "  cp.spawn('node', ['tool.js', c]);"],
    ["spawn('ls', { cwd: q })", "  cp.spawn('ls', { cwd: c });"],
    ["fork('worker.js', [q])", "  cp.fork('worker.js', [c]);"],
    [
      "a list pushed the request after git's subcommand",
      "  const a = ['log'];\n  a.push(c);\n  cp.spawn('git', a);",
    ],
  ])('%s: not reported', async (_what, body) => {
    expect(await js(express(body))).toEqual([]);
  });

  it("shell: true stays command-injection's finding, once", async () => {
    const code = express("  cp.spawn('ls ' + c, { shell: true });");
    expect(await js(code, shell)).toHaveLength(1);
    expect(await js(code)).toEqual([]);
  });
});

describe("Python's os.exec*, os.spawn* and asyncio.create_subprocess_exec", () => {
  it.each([
    ["os.execv('/bin/sh', ['sh', '-c', q])", "    os.execv('/bin/sh', ['sh', '-c', c])\n"],
    ["os.execvp('sh', ['sh', '-c', q])", "    os.execvp('sh', ['sh', '-c', c])\n"],
    [
      "os.spawnv(P_WAIT, '/bin/sh', ['sh', '-c', q])",
      "    os.spawnv(os.P_WAIT, '/bin/sh', ['sh', '-c', c])\n",
    ],
    ["os.spawnlp(P_WAIT, 'sh', 'sh', '-c', q)", "    os.spawnlp(os.P_WAIT, 'sh', 'sh', '-c', c)\n"],
    ["os.execl('/bin/sh', 'sh', '-c', q)", "    os.execl('/bin/sh', 'sh', '-c', c)\n"],
    [
      "create_subprocess_exec('sh', '-c', q)",
      "    asyncio.run(asyncio.create_subprocess_exec('sh', '-c', c))\n",
    ],
    ['create_subprocess_exec(q)', '    asyncio.run(asyncio.create_subprocess_exec(c))\n'],
  ])('%s: reported', async (_what, body) => {
    expect(await py(route(body))).toHaveLength(1);
  });

  it.each([
    ["os.execv('/bin/ls', ['ls', '--', q])", "    os.execv('/bin/ls', ['ls', '--', c])\n"],
    ["os.execv('/bin/ls', [q]): the request only as the name ls sees", "    os.execv('/bin/ls', [c])\n"],
    ["os.spawnlp(P_WAIT, 'ls', 'ls', q)", "    os.spawnlp(os.P_WAIT, 'ls', 'ls', c)\n"],
    [
      "create_subprocess_exec('ls', '--', q)",
      "    asyncio.run(asyncio.create_subprocess_exec('ls', '--', c))\n",
    ],
  ])('%s: not reported', async (_what, body) => {
    expect(await py(route(body))).toEqual([]);
  });

  it("the program os.spawnlp runs, from the request, is command-injection's finding (not the mode's position)", async () => {
    const code = route('    os.spawnlp(os.P_WAIT, c, c)\n');
    expect(await py(code, shell)).toEqual([8]);
    expect(await py(code)).toEqual([]);
  });
});
