import { describe, expect, it } from 'vitest';
import { scanSources } from './scan.js';

/**
 * w104 (issue 59): the engine counts lines as the language does since w94 (a lone `\r` ends a line in Python
 * and JavaScript, U+2028/U+2029 outside strings in JavaScript). The secrets detector, the bidi check, the
 * suppression comments and Bandit's `# nosec` count them the same way, so a comment suppresses only the line
 * it is on (or, for `vouch-ignore`, the line below it) as the language reads the file. The report then numbers each
 * finding by the lines an editor shows (w124: U+2028/U+2029 end none there; a lone `\r` does).
 */

const AWS_KEY = ['AKIA', 'Q3EGT7XWMJ5KZLPR'].join('');

async function scan(path: string, source: string) {
  const language = path.endsWith('.py') ? 'python' : path.endsWith('.ts') ? 'typescript' : 'javascript';
  return await scanSources([{ path, source, language }], { external: false });
}

describe('suppression comments on the lines the language reads', () => {
  it('a vouch-ignore on the line below a finding (after a lone \\r above) does not suppress it', async () => {
    // Python's lines: 1 import os, 2 from flask…, 3 def, 4 os.system, 5 the comment
    const source =
      "import os\rfrom flask import request\ndef h():\n    os.system(request.args['c'])\n    x = 1  # vouch-ignore CWE-78: checked\n";
    const report = await scan('a.py', source);
    expect(report.findings.map((finding) => [finding.line, finding.ruleId, finding.suppressed])).toEqual([
      [4, 'command-injection', undefined],
    ]);
  });

  it('still suppresses on the finding line and the line above it, as Python counts them', async () => {
    const same =
      "import os\rfrom flask import request\ndef h():\n    os.system(request.args['c'])  # vouch-ignore CWE-78: checked\n";
    expect((await scan('a.py', same)).findings).toMatchObject([
      { line: 4, ruleId: 'command-injection', suppressed: { reason: 'checked' } },
    ]);
    // the comment ends at the lone \r: the call is on the line below it
    const above =
      "import os\nfrom flask import request\ndef h():\n    # vouch-ignore CWE-78: checked\r    os.system(request.args['c'])\n";
    expect((await scan('a.py', above)).findings).toMatchObject([
      { line: 5, ruleId: 'command-injection', suppressed: { reason: 'checked' } },
    ]);
  });

  it('JavaScript: U+2028 ends the comment line outside strings, not inside them', async () => {
    const head = "const cp = require('child_process');\u2028app.get('/', (req, res) => {\n";
    // JavaScript's lines: 1 const cp, 2 app.get, 3 cp.exec, 4 the comment; the report gives the editor's line
    // (w124: U+2028 ends none there), 2 for the call, and the comment below it still suppresses nothing
    const below = `${head}  cp.exec(req.query.c);\n  res.send('ok'); // vouch-ignore CWE-78: checked\n});\n`;
    expect((await scan('a.js', below)).findings.map((finding) => [finding.line, finding.suppressed])).toEqual(
      [[2, undefined]],
    );
    // inside a string U+2028 is part of the string: the comment is on the call's line
    const inString = `const cp = require('child_process');\napp.get('/', (req, res) => {\n  cp.exec(req.query.c + 'a\u2028b'); // vouch-ignore CWE-78: checked\n});\n`;
    expect((await scan('a.js', inString)).findings).toMatchObject([
      { line: 3, suppressed: { reason: 'checked' } },
    ]);
  });
});

describe('secrets and bidi controls on the lines the engine reports', () => {
  it('a secret after a lone \\r is on Python’s line, and the generic credential rule on it is dropped', async () => {
    const source = `import os\rx = 1\naws_access_key_id = "${AWS_KEY}"\n`;
    const report = await scan('a.py', source);
    expect(report.findings.map((finding) => [finding.line, finding.ruleId])).toEqual([
      [3, 'secret.aws-access-key-id'],
    ]);
  });

  it('a bidi control is on the language’s line; U+2028 in a Python file ends no line', async () => {
    const python = 'x = 1\ry = 2\nz = "\u202e"\n';
    expect((await scan('a.py', python)).findings).toMatchObject([
      { line: 3, column: 6, ruleId: 'bidi-control' },
    ]);
    const separator = 'x = 1\u2028y = 2\nz = "\u202e"\n';
    expect((await scan('a.py', separator)).findings).toMatchObject([{ line: 2, ruleId: 'bidi-control' }]);
    // JavaScript's line 3, the editor's line 2 (w124), at the editor's column
    const js = 'let x = 1;\u2028let y = 2;\nconst z = "\u202e";\n';
    expect((await scan('a.js', js)).findings).toMatchObject([
      { line: 2, column: 12, ruleId: 'bidi-control' },
    ]);
  });
});
