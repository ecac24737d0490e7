import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * Review r48 H4 (w203): argument lists command-injection-argv did not read. A shell or an interpreter given no
 * script reads its program from standard input: the request's text written there is the command
 * (`subprocess.run(["sh"], input=c)`, `Popen(["bash"], stdin=PIPE).communicate(c)`, `spawn('sh', []).stdin.end(c)`,
 * `execFileSync('sh', { input: c })`); `python -m c` runs the module the request names; and JavaScript lists
 * changed by `unshift`, `splice`, an index write, `concat` or `slice` hold the request where the script goes.
 */
const argv = 'command-injection-argv';
const route = (body: string) =>
  `import subprocess\nimport sys\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    c = request.args["c"]\n${body}\n    return "ok"\n`;
const express = (body: string) =>
  `const cp = require('child_process');\nconst express = require('express');\nconst app = express();\napp.get('/r', (req, res) => {\n  const c = req.query.c;\n${body}\n  res.send('ok');\n});\n`;
const py = (code: string) => ruleLines(code, argv);
const js = (code: string) => ruleLines(code, argv, { language: 'javascript' });

describe("Python: the request as a shell's standard input or as the module run", () => {
  it.each([
    ['run(["sh"], input=c)', '    subprocess.run(["sh"], input=c, text=True)'],
    ['check_output(["bash", "-s"], input=c)', '    subprocess.check_output(["bash", "-s"], input=c)'],
    ['run([sys.executable], input=c)', '    subprocess.run([sys.executable], input=c)'],
    ['run(["python3", "-"], input=c)', '    subprocess.run(["python3", "-"], input=c)'],
    [
      'Popen(["bash"]).communicate(c)',
      '    p = subprocess.Popen(["bash"], stdin=subprocess.PIPE, text=True)\n    p.communicate(c)',
    ],
    [
      'Popen(["sh"]).communicate(input=c)',
      '    p = subprocess.Popen(["sh"], stdin=subprocess.PIPE)\n    p.communicate(input=c)',
    ],
    [
      'Popen(["sh"]).stdin.write(c)',
      '    p = subprocess.Popen(["sh"], stdin=subprocess.PIPE)\n    p.stdin.write(c)',
    ],
    ['[sys.executable, "-m", c]', '    subprocess.run([sys.executable, "-m", c])'],
    ['["python3", "-m", c]', '    subprocess.run(["python3", "-m", c])'],
  ])('%s: reported', async (_what, body) => {
    expect(await py(route(body))).toHaveLength(1);
  });

  it.each([
    ['a fixed script on stdin', '    subprocess.run(["sh"], input="echo hi\\n", text=True)'],
    [
      'a script file, the request on its stdin',
      '    subprocess.run(["sh", "tools/run.sh"], input=c, text=True)',
    ],
    [
      'a -c script, the request on its stdin',
      '    subprocess.run(["sh", "-c", "wc -c"], input=c, text=True)',
    ],
    [
      'a program that is no shell, the request on its stdin',
      '    subprocess.run(["wc", "-c"], input=c, text=True)',
    ],
    [
      'Popen of a fixed script, the request on its stdin',
      '    p = subprocess.Popen(["python3", "tools/count.py"], stdin=subprocess.PIPE)\n    p.communicate(c)',
    ],
    [
      '-m with a constant module, the request its argument',
      '    subprocess.run([sys.executable, "-m", "json.tool", c])',
    ],
    [
      '-m with a constant module after options',
      '    subprocess.run(["python3", "-u", "-m", "pip", "show", c])',
    ],
  ])('%s: quiet', async (_what, body) => {
    expect(await py(route(body))).toEqual([]);
  });
});

describe("JavaScript: the request as a shell's standard input, and lists changed by array methods", () => {
  it.each([
    [
      'push, unshift and slice',
      "  const args = ['-c'];\n  args.push(c);\n  args.unshift('-e');\n  cp.spawn('sh', args.slice(1));",
    ],
    ['an index write', "  const args = ['-c', 'true'];\n  args[1] = c;\n  cp.spawn('sh', args);"],
    ["['-c'].concat([c])", "  const args = ['-c'].concat([c]);\n  cp.execFile('bash', args);"],
    ["['-c'].concat(c)", "  cp.execFile('bash', ['-c'].concat(c));"],
    [
      'splice(1, 1, c)',
      "  const args = ['-c', 'echo hi'];\n  args.splice(1, 1, c);\n  cp.spawn('sh', args);",
    ],
    [
      'unshift(c) then unshift(-c)',
      "  const args = [];\n  args.unshift(c);\n  args.unshift('-c');\n  cp.spawn('bash', args);",
    ],
    [
      'a push of two words into an empty list',
      "  const args = [];\n  args.push('-c', c);\n  cp.spawn('sh', args);",
    ],
    [
      "spawn('sh', []).stdin.end(c)",
      "  const child = cp.spawn('sh', [], { stdio: ['pipe', 'pipe', 'inherit'] });\n  child.stdin.end(c);",
    ],
    ["spawn('bash').stdin.write(c)", "  const child = cp.spawn('bash');\n  child.stdin.write(c);"],
    ["execFileSync('sh', { input: c })", "  cp.execFileSync('sh', { input: c });"],
    ["spawnSync('sh', [], { input: c })", "  cp.spawnSync('sh', [], { input: c });"],
    ["spawn('node', ['-e', …]) via concat", "  cp.spawn('node', ['-e'].concat([c]));"],
  ])('%s: reported', async (_what, body) => {
    expect(await js(express(body))).toHaveLength(1);
  });

  it.each([
    [
      'push of an argument after a fixed script',
      "  const args = ['-c', 'printf %s \"$1\"', 'sh'];\n  args.push(c);\n  cp.spawn('sh', args);",
    ],
    [
      'unshift of a fixed word, the request last',
      "  const args = ['--', c];\n  args.unshift('log');\n  cp.spawn('git', args);",
    ],
    [
      'splice of a fixed word',
      "  const args = ['-c', 'echo hi', 'sh', c];\n  args.splice(1, 1, 'echo bye');\n  cp.spawn('sh', args);",
    ],
    [
      'an index write of a fixed word',
      "  const args = ['-c', c];\n  args[1] = 'true';\n  cp.spawn('sh', args);",
    ],
    ['concat after a fixed script', "  cp.execFile('sh', ['-c', 'echo \"$1\"', 'sh'].concat([c]));"],
    ['slice dropping the request', "  const args = ['-c', 'true', c];\n  cp.spawn('sh', args.slice(0, 2));"],
    ['a fixed script on stdin', "  const child = cp.spawn('sh', []);\n  child.stdin.end('echo hi');"],
    [
      'a script file, the request on its stdin',
      "  const child = cp.spawn('sh', ['tools/run.sh']);\n  child.stdin.end(c);",
    ],
    [
      'a program that is no shell, the request on its stdin',
      "  cp.execFileSync('wc', ['-c'], { input: c });",
    ],
    ['a -c script, the request on its stdin', "  cp.execFileSync('sh', ['-c', 'wc -c'], { input: c });"],
  ])('%s: quiet', async (_what, body) => {
    expect(await js(express(body))).toEqual([]);
  });
});
