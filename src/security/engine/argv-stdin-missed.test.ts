import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w223: the six stdin and shell forms w220's hostile round found the gate missing
 * (bench/notes/2026-11-29-adversary.md §2), each reported, and the safe look-alike of each quiet: a fixed
 * script, a program that is no shell, data not from the request.
 */
const injection = /^(?:command-injection|code-injection)/;
const route = (body: string, imports = '') =>
  `import asyncio\nimport shlex\nimport subprocess\n${imports}from flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\nasync def r():\n    c = request.args["c"]\n${body}\n    return "ok"\n`;
const express = (body: string, head = '') =>
  `${head}const express = require('express');\nconst app = express();\napp.post('/r', async (req, res) => {\n  const input = req.body.c;\n${body}\n  res.send('ok');\n});\n`;
const py = async (code: string) => (await findingIds(code)).filter((id) => injection.test(id));
const js = async (code: string) =>
  (await findingIds(code, { language: 'javascript' })).filter((id) => injection.test(id));
const execa = "const { execa, execaSync } = require('execa');\n";

describe('Python: the forms w220 found missed', () => {
  it.each([
    [
      'shlex.split("bash -s") given input=',
      '    subprocess.run(shlex.split("bash -s"), input=c, text=True)',
      '',
    ],
    ['shlex.split("sh") given input=', '    subprocess.run(shlex.split("sh"), input=c.encode())', ''],
    [
      'create_subprocess_exec("bash") then communicate',
      '    proc = await asyncio.create_subprocess_exec("bash", stdin=asyncio.subprocess.PIPE)\n    await proc.communicate(c.encode())',
      '',
    ],
    [
      'create_subprocess_exec("python3", "-") then stdin.write',
      '    proc = await asyncio.create_subprocess_exec("python3", "-", stdin=asyncio.subprocess.PIPE)\n    proc.stdin.write(c.encode())',
      '',
    ],
    [
      'create_subprocess_shell("sh") then communicate',
      '    proc = await asyncio.create_subprocess_shell("sh", stdin=asyncio.subprocess.PIPE)\n    await proc.communicate(input=c.encode())',
      '',
    ],
    ['create_subprocess_shell(the request)', '    await asyncio.create_subprocess_shell(c)', ''],
    [
      'pexpect.spawn("bash").sendline',
      '    child = pexpect.spawn("bash")\n    child.sendline(c)',
      'import pexpect\n',
    ],
    ['pexpect.spawn("sh").send chained', '    pexpect.spawn("sh").send(c)', 'import pexpect\n'],
  ])('%s: reported', async (_what, body, imports) => {
    expect(await py(route(body, imports))).not.toEqual([]);
  });

  it.each([
    [
      'shlex.split of a fixed script',
      '    subprocess.run(shlex.split("bash run.sh"), input=c, text=True)',
      '',
    ],
    ['shlex.split of a tool', '    subprocess.run(shlex.split("wc -c"), input=c, text=True)', ''],
    [
      'create_subprocess_exec("bash") given a fixed script',
      '    proc = await asyncio.create_subprocess_exec("bash", stdin=asyncio.subprocess.PIPE)\n    await proc.communicate(b"ls")',
      '',
    ],
    [
      'create_subprocess_exec("bash", "run.sh") given the data',
      '    proc = await asyncio.create_subprocess_exec("bash", "run.sh", stdin=asyncio.subprocess.PIPE)\n    await proc.communicate(c.encode())',
      '',
    ],
    [
      'create_subprocess_shell("sort") given the data',
      '    proc = await asyncio.create_subprocess_shell("sort", stdin=asyncio.subprocess.PIPE)\n    await proc.communicate(c.encode())',
      '',
    ],
    [
      'pexpect.spawn("ftp").sendline',
      '    child = pexpect.spawn("ftp example.org")\n    child.sendline(c)',
      'import pexpect\n',
    ],
  ])('%s: not reported', async (_what, body, imports) => {
    expect(await py(route(body, imports))).toEqual([]);
  });
});

describe('JavaScript: the forms w220 found missed', () => {
  it.each([
    ["execa('sh', { input })", "  await execa('sh', { input });", execa],
    ["execa('bash', [], { input })", "  await execa('bash', [], { input });", execa],
    ["execaSync('node', { input })", "  execaSync('node', { input });", execa],
  ])('%s: reported', async (_what, body, head) => {
    expect(await js(express(body, head))).not.toEqual([]);
  });

  it.each([
    ["execa('sh', ['run.sh'], { input })", "  await execa('sh', ['run.sh'], { input });", execa],
    ["execa('sort', { input })", "  await execa('sort', { input });", execa],
    ["execa('sh', { input: 'ls' })", "  await execa('sh', { input: 'ls' });", execa],
  ])('%s: not reported', async (_what, body, head) => {
    expect(await js(express(body, head))).toEqual([]);
  });
});
