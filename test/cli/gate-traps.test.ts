import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { writeFiles } from '../support/temp-project.js';
import { testFolder } from '../support/test-folders.js';

/**
 * A new user's traps (issue 59: "Indirection and obfuscation"), as a user meets them: the built CLI on
 * files holding each. Every one once passed the gate — some at confidence high, and `review` of a diff
 * adding two of them said the security check passed. The engine's own tests cover the forms one by one
 * (src/security/engine/indirection.test.ts); this file checks the whole list through `vouch scan` and
 * `vouch review`.
 */

const TAIL = '51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee';
const FLASK = 'from flask import Flask, request\napp = Flask(__name__)\n';
const EXPRESS = "const express = require('express');\nconst app = express();\n";
const route = (imports: string, body: string) =>
  `${imports}${FLASK}@app.route("/a")\ndef a():\n${body}    return "ok"\n`;
const handler = (head: string, body: string) =>
  `${head}${EXPRESS}app.get('/a', (req, res) => {\n${body}  res.send('ok');\n});\n`;

/** Each trap's file and what the gate must say of it (rule@line). */
const TRAPS: Record<string, { code: string; expected: string[] }> = {
  'getattr_bound.py': {
    code: route('import os\n', '    run = getattr(os, "system")\n    run(request.args["c"])\n'),
    expected: ['command-injection@7', 'hidden-dangerous-call@7'],
  },
  'getattr_concat.py': {
    code: route('import os\n', '    getattr(os, "sys" + "tem")(request.args["c"])\n'),
    expected: ['command-injection@6', 'hidden-dangerous-call@6'],
  },
  'import_module.py': {
    code: route(
      'import importlib\n',
      '    sp = importlib.import_module("subprocess")\n    sp.run(request.args["c"], shell=True)\n',
    ),
    expected: ['command-injection@7', 'hidden-dangerous-call@7'],
  },
  'dunder_import.py': {
    code: route('', '    __import__("pickle").loads(request.data)\n'),
    expected: ['hidden-dangerous-call@5', 'unsafe-deserialization@5'],
  },
  'shell_keywords.py': {
    code: route('import subprocess\n', '    subprocess.run(request.args["c"], **{"shell": True})\n'),
    expected: ['command-injection@6', 'hidden-dangerous-call@6'],
  },
  'verify_keywords.py': {
    code: 'import requests\n\n\ndef fetch(url):\n    return requests.get(url, **{"verify": False}).text\n',
    expected: ['tls-verification-disabled@5'],
  },
  'require_name.js': {
    code: handler('', '  require(req.query.name);\n'),
    expected: ['code-injection@4'],
  },
  'computed_exec.js': {
    code: handler("const cp = require('child_process');\n", "  cp['ex' + 'ec'](req.query.c);\n"),
    expected: ['command-injection@5', 'hidden-dangerous-call@5'],
  },
  'spawn_options.js': {
    code: handler(
      "const { spawnSync } = require('child_process');\n",
      '  const opts = { shell: true };\n  spawnSync(req.query.c, opts);\n',
    ),
    expected: ['command-injection@6'],
  },
  'key_pieces.py': { code: `STRIPE_KEY = "sk_li" + "ve_${TAIL}"\n`, expected: ['assembled-secret@1'] },
  'key_base64.py': {
    code: 'import base64\nSTRIPE_KEY = base64.b64decode("c2tfbGl2ZV81MUh4OWFRMmI4WmtQNHI3VGczbU52MEx3NlljMVVkNUVl").decode()\n',
    expected: ['assembled-secret@2'],
  },
  // round 7: three pieces through formatting or a loop, partial through branches and fields, JS indirection
  'key_percent.py': {
    code: `a = "s"\nb = "k_l"\nc = "ive_${TAIL}"\nSTRIPE_KEY = "%s%s%s" % (a, b, c)\n`,
    expected: ['assembled-secret@4'],
  },
  'key_loop.py': {
    code: `key = ""\nfor piece in ["s", "k_l", "ive_${TAIL}"]:\n    key += piece\n`,
    expected: ['assembled-secret@3'],
  },
  'key_template.js': {
    code: `const a = 's';\nconst b = 'k_l';\nconst c = 'ive_${TAIL}';\nexport const key = \`\${a}\${b}\${c}\`;\n`,
    expected: ['assembled-secret@4'],
  },
  'partial_branch.py': {
    code: route(
      'import subprocess\nfrom functools import partial\n',
      '    run = partial(subprocess.run, check=True)\n    if request.args.get("fast"):\n        run = partial(subprocess.run, shell=True)\n    run(request.args["c"])\n',
    ),
    // a partial of a function named in full hides nothing (w53, on main): no hidden-dangerous-call for either
    expected: ['command-injection@10'],
  },
  'partial_field.py': {
    code:
      `import subprocess\nfrom functools import partial\n${FLASK}class Runner:\n    def __init__(self):\n` +
      '        self.run = partial(subprocess.run, shell=True)\n\n    def go(self, cmd):\n        self.run(cmd)\n' +
      '@app.route("/a")\ndef a():\n    Runner().go(request.args["c"])\n    return "ok"\n',
    expected: ['command-injection@10'],
  },
  'require_folded.js': {
    code: handler("const { exec } = require('child_' + 'process');\n", '  exec(req.query.c);\n'),
    expected: ['command-injection@5', 'hidden-dangerous-call@5'],
  },
  'comma_eval.js': { code: handler('', '  (0, eval)(req.query.x);\n'), expected: ['code-injection@4'] },
};

interface ScanOutput {
  exitCode: number;
  findings: { file: string; ruleId: string; line: number }[];
}

describe("the gate on a new user's traps, through the built CLI (issue 59)", () => {
  it('vouch scan finds every trap of the list, each in its own file', async () => {
    const root = testFolder('vouch-traps-');
    writeFiles(root, Object.fromEntries(Object.entries(TRAPS).map(([name, trap]) => [name, trap.code])));
    const result = await runCli(['scan', '.', '--json', '--no-external', '--no-cache'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<ScanOutput>();
    expect(output.exitCode).toBe(1);
    for (const [name, trap] of Object.entries(TRAPS)) {
      const found = output.findings
        .filter((finding) => finding.file.endsWith(name))
        .map((finding) => `${finding.ruleId}@${finding.line}`);
      for (const expected of trap.expected) expect(found, name).toContain(expected);
    }
  }, 120_000);

  it('vouch review of a diff adding two of them fails the security check and comments on both', async () => {
    const root = testFolder('vouch-traps-review-');
    writeFiles(root, { 'vouch.toml': '', 'app/util.py': 'def hello():\n    return "hi"\n' });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFiles(root, {
      'app/settings.py': TRAPS['key_percent.py']!.code,
      'app/tools.py': TRAPS['partial_field.py']!.code,
    });
    git('add', '-A');
    const result = await runCli(['review', '--staged', '--no-model-review', '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<{
      verification: { checks: { name: string; status: string }[] };
      details: { comments: { file: string; line: number; ruleId?: string }[] };
    }>();
    expect(output.verification.checks.find((check) => check.name === 'security')?.status).toBe('fail');
    const security = output.details.comments
      .filter((comment) =>
        /^(?:assembled-secret|hidden-dangerous-call|command-injection)$/.test(comment.ruleId ?? ''),
      )
      .map((comment) => `${comment.file}:${comment.line}`)
      .sort();
    expect(security).toEqual(['app/settings.py:4', 'app/tools.py:10']);
  }, 180_000);
});
