import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * The scopes of branches, loops and `try` (statements.ts): each side of an `if` runs on its own copy of the
 * state before it, and what either side may have set holds after it. Issue 59 (speed) joins into the copy
 * made for the side that ran last instead of copying it once more; these say the result is the same.
 */
const route = (body: string) =>
  `from flask import Flask, request\nimport os\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n${body}\n    return "ok"\n`;
const findings = (body: string) => ruleLines(route(body), 'command-injection', { file: 'app.py' });

describe('branches, loops and try', () => {
  it.each([
    [
      'data one side of an if set reaches a sink after it',
      '    if request.args.get("a"):\n        cmd = request.args.get("c")\n    else:\n        cmd = "ls"\n    os.system(cmd)',
      [10],
    ],
    [
      'through an elif chain',
      '    cmd = "ls"\n    if request.args.get("a"):\n        cmd = "pwd"\n    elif request.args.get("b"):\n        cmd = request.args.get("c")\n    else:\n        cmd = "id"\n    os.system(cmd)',
      [13],
    ],
    [
      'the other side does not see what the first side set',
      '    cmd = "ls"\n    if request.args.get("a"):\n        cmd = request.args.get("c")\n    else:\n        os.system(cmd)',
      [],
    ],
    [
      'nor does the state after a side that returned',
      '    cmd = "ls"\n    if request.args.get("a"):\n        cmd = request.args.get("c")\n        return cmd\n    os.system(cmd)',
      [],
    ],
    [
      'data a loop body set reaches a sink after the loop',
      '    cmd = "ls"\n    for key in request.args:\n        cmd = request.args.get(key)\n    os.system(cmd)',
      [9],
    ],
    [
      "an exception handler sees what the try's body may have set",
      '    cmd = "ls"\n    try:\n        cmd = request.args.get("c")\n        int(cmd)\n    except ValueError:\n        os.system(cmd)',
      [11],
    ],
  ])('%s', async (_what, body, lines) => {
    expect(await findings(body)).toEqual(lines);
  });
});
