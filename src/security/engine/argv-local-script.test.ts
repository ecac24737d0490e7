import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * w222 (issue 59): local sources (argv, the environment, console input, local files) per sink of
 * command-injection-argv. The *program* an argument list names from them stays the operator's choice (Django's
 * autoreloader re-runs `[sys.executable] + sys.argv`; `subprocess.run(sys.argv[1:])` is what a wrapper does), but a
 * shell's or interpreter's script from them (`["sh", "-c", sys.argv[1]]`, `["sh"]` given `sys.stdin.read()`) is
 * reported one level lower, as command-injection reports `os.system(sys.argv[1])`.
 */
const argv = 'command-injection-argv';
const severities = (code: string, language: 'python' | 'javascript' = 'python') =>
  findingIds(code, {
    language,
    severity: true,
    keep: (id) => id.startsWith(`${argv}@`) || id.startsWith('command-injection@'),
  });
const cli = (body: string) => `import os\nimport subprocess\nimport sys\n\ndef main():\n${body}\n\nmain()\n`;
const node = (body: string) => `const cp = require('child_process');\n${body}\n`;

describe('a script from local sources, run by a shell or interpreter: reported one level lower', () => {
  it.each([
    ['["sh", "-c", sys.argv[1]]', '    subprocess.run(["sh", "-c", sys.argv[1]])'],
    ['["bash", "-c", input()]', '    subprocess.run(["bash", "-c", input("command: ")])'],
    ['["sh"] given stdin\'s text', '    subprocess.run(["sh"], input=sys.stdin.read(), text=True)'],
    ['"bash -s" given argv', '    subprocess.run("bash -s", shell=True, input=sys.argv[1], text=True)'],
    ['[sys.executable, "-c", argv]', '    subprocess.run([sys.executable, "-c", sys.argv[1]])'],
    ['["sh", "-c", os.environ[…]]', '    subprocess.check_output(["sh", "-c", os.environ["HOOK"]])'],
    ['os.execv("/bin/sh", ["sh", "-c", argv])', '    os.execv("/bin/sh", ["sh", "-c", sys.argv[1]])'],
    [
      'Popen(["sh"]).communicate(a file\'s text)',
      '    subprocess.Popen(["sh"], stdin=subprocess.PIPE).communicate(open(sys.argv[2]).read())',
    ],
  ])('%s', async (_what, body) => {
    expect(await severities(cli(body))).toEqual([`${argv}@6:high`]);
  });

  it('the same level as command-injection gives os.system of the same data', async () => {
    expect(await severities(cli('    os.system(sys.argv[1])'))).toEqual(['command-injection@6:high']);
  });

  it('through a helper the script reaches (reported at its sink)', async () => {
    const code =
      'import subprocess\nimport sys\n\ndef run(script):\n    subprocess.run(["bash", "-c", script])\n\nrun(sys.argv[1])\n';
    expect(await severities(code)).toEqual([`${argv}@5:high`]);
  });

  it("JavaScript: a shell's -c script from process.argv", async () => {
    expect(await severities(node("cp.execFileSync('sh', ['-c', process.argv[2]]);"), 'javascript')).toEqual([
      `${argv}@2:high`,
    ]);
  });

  it('the hint says how to run a fixed script', async () => {
    const { analyzeSource } = await import('./analyze.js');
    const { defaultRuleSet } = await import('../rules.js');
    const [finding] = await analyzeSource({
      source: cli('    subprocess.run(["sh", "-c", sys.argv[1]])'),
      language: 'python',
      file: 'tool.py',
      ruleSet: defaultRuleSet(),
    });
    expect(finding?.hint).toContain('-c');
    expect(finding?.message).toContain('command-line argument');
  });
});

describe('the program a list names from local sources: the operator choosing what to run', () => {
  it.each([
    [
      "Django's autoreloader",
      '    args = [sys.executable] + ["-W%s" % o for o in sys.warnoptions]\n    args += sys.argv[1:]\n    subprocess.run(args)',
    ],
    ['argv as the whole list', '    subprocess.run(sys.argv[1:])'],
    ['argv[0] as the program', '    subprocess.run([sys.argv[1], "--version"])'],
    ['a program from the environment', '    subprocess.run([os.environ["EDITOR"], "notes.txt"])'],
    ['executable= from the environment', '    subprocess.run(["x"], executable=os.environ["SHELL_PATH"])'],
    ['a wrapper running argv', '    subprocess.run(["env", sys.argv[1]])'],
    ['git log given argv', '    subprocess.run(["git", "log", sys.argv[1]])'],
    [
      'a constant script, argv its arguments',
      '    subprocess.run(["sh", "-c", \'ls -- "$1"\', "sh", sys.argv[1]])',
    ],
  ])('%s: not reported', async (_what, body) => {
    expect(await severities(cli(body))).toEqual([]);
  });

  it('through a helper the list reaches', async () => {
    const code =
      'import subprocess\nimport sys\n\ndef run(args):\n    subprocess.run(args)\n\nrun(sys.argv[1:])\n';
    expect(await severities(code)).toEqual([]);
  });

  it('JavaScript: spawn and fork of a program from process.argv', async () => {
    expect(
      await severities(
        node("cp.spawnSync(process.argv[2], ['--help']);\ncp.fork(process.argv[3]);"),
        'javascript',
      ),
    ).toEqual([]);
  });
});

describe("the request's data: unchanged", () => {
  const route = (body: string) =>
    `import subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n${body}\n    return "ok"\n`;
  it.each([
    ['the program', '    subprocess.run([request.args["p"], "-v"])'],
    ["a shell's script", '    subprocess.run(["sh", "-c", request.args["c"]])'],
    [
      'a local program, the script from the request',
      '    subprocess.run([sys.argv[1], "-c", request.args["c"]])',
    ],
  ])('%s: critical', async (_what, body) => {
    expect(await severities(`import sys\n${route(body)}`)).toEqual([`${argv}@8:critical`]);
  });
});
