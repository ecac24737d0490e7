import { describe, expect, it } from 'vitest';
import { scanSources } from './scan.js';

/**
 * r23: a `vouch-ignore` suppresses only where it is a comment of the language. The words with a `#` or `//`
 * before them inside a string literal on the sink's line are data, and the finding stays.
 */

async function scan(path: string, source: string) {
  const language = path.endsWith('.py') ? 'python' : 'javascript';
  return (await scanSources([{ path, source, language }], { external: false })).findings.map((finding) => [
    finding.line,
    finding.ruleId,
    finding.suppressed?.reason,
  ]);
}

const PYTHON = "import os\nfrom flask import request\ndef h():\n    os.system(request.args['c'])";
const SCRIPT = "const cp = require('child_process');\napp.get('/', (req, res) => {\n  cp.exec(req.query.c)";

describe('suppressions are comments of the language', () => {
  it('a string holding the marker on the sink line does not silence it; a real comment does', async () => {
    expect(await scan('a.py', `${PYTHON}; x = "# vouch-ignore CWE-78: x"\n`)).toEqual([
      [4, 'command-injection', undefined],
    ]);
    expect(await scan('a.py', `${PYTHON}  # vouch-ignore CWE-78: fixed command\n`)).toEqual([
      [4, 'command-injection', 'fixed command'],
    ]);
    // both on one line: the comment's reason, not the string's
    expect(
      await scan('a.py', `${PYTHON}; x = "# vouch-ignore CWE-78: x"  # vouch-ignore CWE-78: ok\n`),
    ).toEqual([[4, 'command-injection', 'ok']]);
  });

  it('in JavaScript, a string above the sink or on its line does not silence it; a comment does', async () => {
    const above = `const cp = require('child_process');\napp.get('/', (req, res) => {\n  const n = '// vouch-ignore CWE-78: x';\n  cp.exec(req.query.c);\n});\n`;
    expect(await scan('a.js', above)).toEqual([[4, 'command-injection', undefined]]);
    expect(await scan('a.js', `${SCRIPT} + '// vouch-ignore CWE-78: x');\n});\n`)).toEqual([
      [3, 'command-injection', undefined],
    ]);
    expect(await scan('a.js', `${SCRIPT}); // vouch-ignore CWE-78: fixed command\n});\n`)).toEqual([
      [3, 'command-injection', 'fixed command'],
    ]);
  });
});
