import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w220 (a hostile round on w212): a shell or interpreter fed the request on its standard input, in forms a
 * model writes that w212's cases did not try: imported or bound names for the call, a command list held in
 * a variable, shlex-built argv, sys.executable, asyncio's and pexpect's children, JavaScript's destructured
 * require, spawn's child written to. Any injection rule may report it (one finding is enough). These pass on
 * the base (9cbf0c79's successor 20006e1a): they pin what w212 reaches. The forms it misses — shlex.split("bash
 * -s"), asyncio.create_subprocess_exec/shell, pexpect.spawn(...).sendline, execa('sh', { input }), an
 * AsyncFunction constructor — need rules.ts or argv-program.ts (w222's files): bench/notes/2026-11-29-adversary.md.
 */
const injection = /^(?:command-injection|code-injection)/;
const route = (body: string, imports = '') =>
  `import asyncio\nimport functools\nimport os\nimport shlex\nimport subprocess\nimport sys\n${imports}from flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\nasync def r():\n    c = request.args["c"]\n${body}\n    return "ok"\n`;
const express = (body: string, head = "const cp = require('child_process');\n") =>
  `${head}const express = require('express');\nconst app = express();\napp.post('/r', async (req, res) => {\n  const input = req.body.c;\n${body}\n  res.send('ok');\n});\n`;
const py = async (code: string) => (await findingIds(code)).filter((id) => injection.test(id));
const js = async (code: string) =>
  (await findingIds(code, { language: 'javascript' })).filter((id) => injection.test(id));

describe('Python: the request on a shell’s or interpreter’s standard input (w220)', () => {
  it.each([
    ['from subprocess import run', '    run(["sh"], input=c, text=True)', 'from subprocess import run\n'],
    [
      'from subprocess import run as sh_run',
      '    sh_run(["bash"], input=c, text=True)',
      'from subprocess import run as sh_run\n',
    ],
    ['a module alias', '    sp = subprocess\n    sp.run(["sh"], input=c, text=True)', ''],
    ['import subprocess as sp', '    sp.run(["sh"], input=c, text=True)', 'import subprocess as sp\n'],
    ['the list in a variable', '    cmd = ["bash", "-s"]\n    subprocess.run(cmd, input=c, text=True)', ''],
    ['args= keyword', '    subprocess.run(args=["sh"], input=c, text=True)', ''],
    ['sys.executable', '    subprocess.run([sys.executable], input=c, text=True)', ''],
    ['[sys.executable, "-"]', '    subprocess.run([sys.executable, "-"], input=c, text=True)', ''],
    ['python3 -', '    subprocess.run(["python3", "-"], input=c, text=True)', ''],
    ['node', '    subprocess.run(["node"], input=c, text=True)', ''],
    ['input=c.encode()', '    subprocess.run(["sh"], input=c.encode())', ''],
    ['check_output(["bash"], input=…)', '    subprocess.check_output(["bash"], input=c, text=True)', ''],
    [
      'functools.partial(subprocess.run, ["sh"])',
      '    shell = functools.partial(subprocess.run, ["sh"], text=True)\n    shell(input=c)',
      '',
    ],
    [
      'Popen(["bash"]).communicate(input=c)',
      '    p = subprocess.Popen(["bash"], stdin=subprocess.PIPE, text=True)\n    p.communicate(input=c)',
      '',
    ],
    [
      'Popen(["sh"], …).communicate(c) chained',
      '    subprocess.Popen(["sh"], stdin=subprocess.PIPE, text=True).communicate(c)',
      '',
    ],
    [
      'Popen(["bash"]).stdin.write(c.encode())',
      '    p = subprocess.Popen(["bash"], stdin=subprocess.PIPE)\n    p.stdin.write(c.encode())\n    p.stdin.close()',
      '',
    ],
    [
      'with Popen(["sh"]) as p: p.communicate(c)',
      '    with subprocess.Popen(["sh"], stdin=subprocess.PIPE, text=True) as p:\n        p.communicate(c)',
      '',
    ],
    ['with os.popen("sh", "w") as f', '    with os.popen("sh", "w") as f:\n        f.write(c)', ''],
  ])('%s: reported', async (_what, body, imports) => {
    expect(await py(route(body, imports))).not.toEqual([]);
  });

  it.each([
    ['a script file given the data', '    subprocess.run(["sh", "script.sh"], input=c, text=True)', ''],
    ['a -c script given the data', '    subprocess.run(["bash", "-c", "wc -c"], input=c, text=True)', ''],
    [
      'a python tool given the data',
      '    subprocess.run([sys.executable, "tool.py"], input=c, text=True)',
      '',
    ],
    ['sort given the data', '    subprocess.run(["sort"], input=c, text=True)', ''],
    [
      'from subprocess import run: sort',
      '    run(["sort"], input=c, text=True)',
      'from subprocess import run\n',
    ],
    ['shlex.split of a tool', '    subprocess.run(shlex.split("grep -c x"), input=c, text=True)', ''],
    [
      'a fixed script on a shell',
      '    cmd = ["bash", "-s"]\n    subprocess.run(cmd, input="echo hi", text=True)',
      '',
    ],
    [
      'asyncio: a tool given the data',
      '    proc = await asyncio.create_subprocess_exec("wc", "-c", stdin=asyncio.subprocess.PIPE)\n    await proc.communicate(c.encode())',
      '',
    ],
    [
      'pexpect: a fixed line',
      '    child = pexpect.spawn("bash")\n    child.sendline("ls")',
      'import pexpect\n',
    ],
    [
      'partial of a tool',
      '    count = functools.partial(subprocess.run, ["wc", "-c"], text=True)\n    count(input=c)',
      '',
    ],
  ])('%s: not reported', async (_what, body, imports) => {
    expect(await py(route(body, imports))).toEqual([]);
  });
});

describe('JavaScript: the request on a shell’s or interpreter’s standard input (w220)', () => {
  const destructured = "const { execFileSync, spawn, spawnSync } = require('child_process');\n";
  it.each([
    ["destructured execFileSync('sh', [], { input })", "  execFileSync('sh', [], { input });", destructured],
    ["spawnSync('bash', { input })", "  cp.spawnSync('bash', { input });", undefined],
    [
      "spawnSync(process.execPath, ['-'], { input })",
      "  cp.spawnSync(process.execPath, ['-'], { input });",
      undefined,
    ],
    [
      "spawn('bash').stdin.write + end",
      "  const child = cp.spawn('bash');\n  child.stdin.write(input);\n  child.stdin.end();",
      undefined,
    ],
    [
      "destructured spawn('sh').stdin.end(input)",
      "  const sh = spawn('sh');\n  sh.stdin.end(input);",
      destructured,
    ],
    [
      "spawn('sh', [], { stdio: 'pipe' }).stdin.end(input) chained",
      "  cp.spawn('sh', [], { stdio: 'pipe' }).stdin.end(input);",
      undefined,
    ],
    [
      "spawn('node').stdin.end(input)",
      "  const child = cp.spawn('node');\n  child.stdin.end(input);",
      undefined,
    ],
    [
      "import * as cp; execFileSync('bash', { input })",
      "  cp.execFileSync('bash', { input });",
      "import * as cp from 'node:child_process';\n",
    ],
    ['Reflect.apply(Function, null, [input])', '  Reflect.apply(Function, null, [input])();', undefined],
    ['Function.apply(null, [input])', '  Function.apply(null, [input])();', undefined],
    ['Function.call(null, input)', '  Function.call(null, input)();', undefined],
    [
      'destructured Worker, eval: true',
      '  new Worker(input, { eval: true });',
      "const { Worker } = require('worker_threads');\n",
    ],
  ])('%s: reported', async (_what, body, head) => {
    expect(await js(head === undefined ? express(body) : express(body, head))).not.toEqual([]);
  });

  it.each([
    [
      "spawn('sh', ['run.sh']).stdin.end(input)",
      "  const child = cp.spawn('sh', ['run.sh']);\n  child.stdin.end(input);",
      undefined,
    ],
    [
      "execFileSync('sh', ['-c', 'wc -c'], { input })",
      "  cp.execFileSync('sh', ['-c', 'wc -c'], { input });",
      undefined,
    ],
    ["spawnSync('cat', { input })", "  cp.spawnSync('cat', { input });", undefined],
    [
      "spawnSync(process.execPath, ['tool.js'], { input })",
      "  cp.spawnSync(process.execPath, ['tool.js'], { input });",
      undefined,
    ],
    [
      "destructured spawn('sort').stdin.end(input)",
      "  const s = spawn('sort');\n  s.stdin.end(input);",
      destructured,
    ],
    [
      "spawn('bash').stdin.end('ls')",
      "  const child = cp.spawn('bash');\n  child.stdin.end('ls');",
      undefined,
    ],
  ])('%s: not reported', async (_what, body, head) => {
    expect(await js(head === undefined ? express(body) : express(body, head))).toEqual([]);
  });
});
