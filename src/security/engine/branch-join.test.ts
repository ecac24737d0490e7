import { describe, expect, it } from 'vitest';
import { lineOf, ruleFindings } from '../../../test/support/rule-findings.js';

/**
 * Review r12 of w69 (issue 59): a guard clears a member (`req.query.cmd`, `request.form.next`) on the side of
 * an `if` it holds on. After the `if`, the member holds what either side left: a side that never wrote or
 * cleared the member reads it afresh, so a check that failed on a side that goes on (a log line, Express's
 * `res.redirect`, which returns) clears nothing past the `if`. Before, the join walked only the keys of the
 * side that ran first, so a clearing on the other side, or a clearing on the first side joined with nothing,
 * survived.
 */

describe('a member cleared on one side of an if only', () => {
  const express = (body: string) =>
    `const express = require('express');\nconst { exec } = require('child_process');\nconst app = express();\napp.get('/a', (req, res) => {\n${body}\n  exec(req.query.cmd);\n});\n`;
  it.each([
    ['the failed check only logs', "  if (!/^[a-z]+$/.test(req.query.cmd)) {\n    console.log('bad');\n  }"],
    [
      "the failed check calls Express's res.redirect, which returns",
      "  if (!/^[a-z]+$/.test(req.query.cmd)) {\n    res.redirect('/');\n  }",
    ],
    [
      'the check passed on the then side, nothing on the else side',
      "  if (/^[a-z]+$/.test(req.query.cmd)) {\n    console.log('ok');\n  }",
    ],
  ])('JavaScript, %s: the command is reported', async (_what, body) => {
    const code = express(body);
    expect(await ruleFindings(code, 'javascript', 'command-injection')).toEqual([
      `command-injection@${lineOf(code, 'exec(req.query.cmd)')}`,
    ]);
  });

  it('JavaScript: a failed check that returns still guards the command', async () => {
    const code = express("  if (!/^[a-z]+$/.test(req.query.cmd)) {\n    return res.redirect('/');\n  }");
    expect(await ruleFindings(code, 'javascript', 'command-injection')).toEqual([]);
  });

  const flask = (body: string) =>
    `from flask import Flask, request, redirect\nfrom django.utils.http import url_has_allowed_host_and_scheme as is_safe\napp = Flask(__name__)\n\n@app.route("/a")\ndef a():\n${body}\n    return redirect(request.form.next)\n`;
  it.each([
    ['the failed check only prints', '    if not is_safe(request.form.next):\n        print("bad")'],
    ['the passed check only prints', '    if is_safe(request.form.next):\n        print("ok")'],
    [
      'the check passed on the else side',
      '    if not is_safe(request.form.next):\n        print("bad")\n    else:\n        print("ok")',
    ],
  ])('Python, %s: the redirect is reported', async (_what, body) => {
    const code = flask(body);
    expect(await ruleFindings(code, 'python', 'open-redirect')).toEqual([
      `open-redirect@${lineOf(code, 'return redirect(request.form.next)')}`,
    ]);
  });

  it.each([
    ['a failed check that returns', '    if not is_safe(request.form.next):\n        return redirect("/")'],
    [
      'a failed check on both sides',
      '    if not is_safe(request.form.next):\n        return redirect("/")\n    else:\n        print("ok")',
    ],
  ])('Python, %s: the redirect is guarded', async (_what, body) => {
    expect(await ruleFindings(flask(body), 'python', 'open-redirect')).toEqual([]);
  });

  it('Python: a member written with request data on one side only still carries it', async () => {
    const code =
      'from flask import Flask, request, redirect\napp = Flask(__name__)\n\nclass Box:\n    url = "/"\n\n@app.route("/a")\ndef a():\n    box = Box()\n    if request.args.get("x"):\n        box.url = request.args["u"]\n    return redirect(box.url)\n';
    expect(await ruleFindings(code, 'python', 'open-redirect')).toEqual([
      `open-redirect@${lineOf(code, 'return redirect(box.url)')}`,
    ]);
  });

  // the same join after a JavaScript switch and a Python match (match-statement.ts)
  const guard = "      if (!/^[a-z]+$/.test(req.query.cmd)) return res.send('bad');";
  it.each([
    ['the first case', `    case 'a':\n${guard}\n      break;\n    default:\n      console.log('x');`],
    ['the default', `    case 'b':\n      console.log('x');\n      break;\n    default:\n${guard}`],
  ])('JavaScript: a switch whose guard is in %s only: the command is reported', async (_what, cases) => {
    const code = express(`  switch (req.query.mode) {\n${cases}\n  }`);
    expect(await ruleFindings(code, 'javascript', 'command-injection')).toEqual([
      `command-injection@${lineOf(code, 'exec(req.query.cmd)')}`,
    ]);
  });

  it('Python: a match whose guard is in one case only: the command is reported', async () => {
    const code =
      'import os, re\nfrom flask import Flask, request\napp = Flask(__name__)\n@app.route("/a")\ndef a():\n    match request.args.get("m"):\n        case "a":\n            print("a")\n        case _:\n            if not re.fullmatch(r"[a-z]+", request.form.cmd):\n                return "bad"\n    os.system(request.form.cmd)\n    return "ok"\n';
    expect(await ruleFindings(code, 'python', 'command-injection')).toEqual([
      `command-injection@${lineOf(code, 'os.system(')}`,
    ]);
  });
});
