import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * w212 (issue 59): a shell or interpreter that reads its program from standard input, started in the forms
 * argv-stdin.test.ts's did not reach: a string program (`subprocess.run("sh", input=c)`), a constant command line a
 * shell runs (`run("bash -s", shell=True, input=c)`, `Popen("sh", shell=True)`, `os.popen("sh", "w")`,
 * JavaScript's `execSync('sh', { input })` and `exec('sh')`), `undefined` or `null` where the list stands
 * (`execFileSync('sh', undefined, { input })`) and a child of `execFile` written to. A fixed script on standard
 * input, or a program that is no shell, stays quiet.
 */
const argv = 'command-injection-argv';
const route = (body: string) =>
  `import os\nimport subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    c = request.args["c"]\n${body}\n    return "ok"\n`;
const express = (body: string) =>
  `const cp = require('child_process');\nconst express = require('express');\nconst app = express();\napp.post('/r', (req, res) => {\n  const input = req.body.c;\n${body}\n  res.send('ok');\n});\n`;
const py = (code: string) => ruleLines(code, argv);
const js = (code: string) => ruleLines(code, argv, { language: 'javascript' });

describe('Python: a string program or a command line reading the request from standard input', () => {
  it.each([
    ['run("sh", input=c)', '    subprocess.run("sh", input=c, text=True)'],
    ['run("/bin/bash", input=c)', '    subprocess.run("/bin/bash", input=c)'],
    ['run("bash -s", shell=True, input=c)', '    subprocess.run("bash -s", shell=True, input=c)'],
    [
      'check_output("python3 -", shell=True, input=c)',
      '    subprocess.check_output("python3 -", shell=True, input=c)',
    ],
    ['run("sh", shell=True, input=c)', '    subprocess.run("sh", shell=True, input=c)'],
    [
      'Popen("sh").communicate(c)',
      '    p = subprocess.Popen("sh", stdin=subprocess.PIPE, text=True)\n    p.communicate(c)',
    ],
    [
      'Popen("bash -s", shell=True).stdin.write(c)',
      '    p = subprocess.Popen("bash -s", shell=True, stdin=subprocess.PIPE, text=True)\n    p.stdin.write(c)',
    ],
    ['os.popen("sh", "w").write(c)', '    f = os.popen("sh", "w")\n    f.write(c)'],
    ['os.popen("python3", mode="w").write(c)', '    f = os.popen("python3", mode="w")\n    f.write(c)'],
  ])('%s: reported', async (_what, body) => {
    expect(await py(route(body))).toHaveLength(1);
  });

  it.each([
    ['a fixed script on a string program', '    subprocess.run("sh", input="echo hi\\n", text=True)'],
    ['a string program that is no shell', '    subprocess.run("wc", input=c, text=True)'],
    ['a command line that is no shell', '    subprocess.run("grep -c x", shell=True, input=c)'],
    ['a command line with a script', '    subprocess.run("sh tools/run.sh", shell=True, input=c)'],
    [
      'a pipeline into a shell: its stdin is the pipe',
      '    subprocess.run("echo ls | sh", shell=True, input=c)',
    ],
    ['a -c script on a command line', '    subprocess.run("sh -c \'wc -c\'", shell=True, input=c)'],
    ['os.popen of a shell, read', '    f = os.popen("sh")\n    f.read()\n    print(c)'],
    ['os.popen("cat", "w").write(c)', '    f = os.popen("cat", "w")\n    f.write(c)'],
    ['os.popen("sh", "w") given a fixed script', '    f = os.popen("sh", "w")\n    f.write("echo hi")'],
    ['a file written', '    f = open("out.txt", "w")\n    f.write(c)'],
    [
      'Popen("cat", shell=True).communicate(c)',
      '    p = subprocess.Popen("cat", shell=True, stdin=subprocess.PIPE)\n    p.communicate(c)',
    ],
  ])('%s: not reported', async (_what, body) => {
    expect(await py(route(body))).toEqual([]);
  });
});

describe('JavaScript: the request on the standard input of a shell started without a list or by a command line', () => {
  it.each([
    ["execFileSync('sh', undefined, { input })", "  cp.execFileSync('sh', undefined, { input });"],
    [
      "execFileSync('sh', undefined, { input: input })",
      "  cp.execFileSync('sh', undefined, { input: input });",
    ],
    ["execFileSync('bash', null, { input })", "  cp.execFileSync('bash', null, { input });"],
    ["spawnSync('python3', undefined, { input })", "  cp.spawnSync('python3', undefined, { input });"],
    ["execSync('sh', { input })", "  cp.execSync('sh', { input });"],
    ["execSync('bash -s', { input })", "  cp.execSync('bash -s', { input, encoding: 'utf8' });"],
    ["exec('sh').stdin.end(input)", "  const child = cp.exec('sh');\n  child.stdin.end(input);"],
    ["execFile('sh').stdin.write(input)", "  const child = cp.execFile('sh');\n  child.stdin.write(input);"],
    [
      "execFile('node', []).stdin.write(input)",
      "  const child = cp.execFile('node', []);\n  child.stdin.write(input);",
    ],
  ])('%s: reported', async (_what, body) => {
    expect(await js(express(body))).toHaveLength(1);
  });

  it.each([
    [
      "execFileSync('sh', undefined) given a fixed script",
      "  cp.execFileSync('sh', undefined, { input: 'echo hi' });",
    ],
    ["execFileSync('wc', undefined, { input })", "  cp.execFileSync('wc', undefined, { input });"],
    ["execSync('cat', { input })", "  cp.execSync('cat', { input });"],
    ["execSync('grep -c x', { input })", "  cp.execSync('grep -c x', { input });"],
    ["execSync('sh', { input: 'echo hi' })", "  cp.execSync('sh', { input: 'echo hi' });"],
    ["execSync('sh run.sh', { input })", "  cp.execSync('sh run.sh', { input });"],
    ["exec('sort').stdin.end(input)", "  const child = cp.exec('sort');\n  child.stdin.end(input);"],
    ["exec('sh') given a fixed script", "  const child = cp.exec('sh');\n  child.stdin.end('echo hi');"],
    [
      "execFile('sh', ['run.sh']).stdin.write(input)",
      "  const child = cp.execFile('sh', ['run.sh']);\n  child.stdin.write(input);",
    ],
  ])('%s: not reported', async (_what, body) => {
    expect(await js(express(body))).toEqual([]);
  });
});

/**
 * Local sources (argv, console input) in these forms: since w222 a shell's script from them is reported one level
 * lower and the program a list names from them stays trusted; argv-local-script.test.ts holds those cases.
 */
