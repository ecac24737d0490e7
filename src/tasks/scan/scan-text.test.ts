import { describe, expect, it } from 'vitest';
import { runTask } from '../index.js';
import type { TaskHost } from '../task.js';
import { scanText } from './index.js';

const host: TaskHost = {
  workspaceRoot: '/nowhere',
  config: {},
  model: () => Promise.reject(new Error('no model in this test')),
};

describe('scanText', () => {
  it('shows the line a finding is on as the language counts lines (a lone \\r ends one in Python)', async () => {
    const files = [
      {
        path: 'a.py',
        source: "import os\rfrom flask import request\ndef h():\n    os.system(request.args['c'])\n",
        language: 'python' as const,
      },
    ];
    const result = await runTask({ name: 'scan', input: { files, external: false }, host });
    const text = await scanText(result, files);
    expect(text).toContain('4:5  CRITICAL CWE-78  command-injection');
    expect(text).toContain("  >    4 |     os.system(request.args['c'])");
    expect(text).toContain('       3 | def h():');
  });
});

describe('scanText after a U+2028 in a JavaScript comment (w124)', () => {
  it('numbers the sink by the lines an editor shows, with its own code beside it', async () => {
    // V8 ends a line at the U+2028 in the comment; an editor, `grep -n` and the language server do not: the
    // call is on line 4 there (the CLI said 5 before)
    const source =
      "const cp = require('child_process');\n// note\u2028more of the note\napp.get('/', (req, res) => {\n  cp.exec(req.query.c);\n});\n";
    const files = [{ path: 'a.js', source, language: 'javascript' as const }];
    const result = await runTask({ name: 'scan', input: { files, external: false }, host });
    const text = await scanText(result, files);
    expect(text).toContain('4:3  CRITICAL CWE-78  command-injection');
    expect(text).toContain('  >    4 |   cp.exec(req.query.c);');
    // the line the message names for the request's data is the editor's too (V8 says 5)
    expect(text).toContain('from line 4 reaches it');
    expect(text).not.toContain('from line 5');
  });
});

describe('a scan of code the rules read beside code they do not (r43)', () => {
  const ruby = { path: 'r.rb', source: 'system(ARGV[0])\n', language: 'ruby' as const };
  const reason = 'ruby: the security rules do not read it (searched for secrets only)';
  // the report's tool entries as `--json` prints them (the details' type leaves `unparsed` out)
  type ToolRun = { tool: string; reason?: string; unparsed?: { file: string; reason: string }[] };
  const vouchTool = (result: { details?: { tools: object[] } }) =>
    (result.details?.tools as ToolRun[] | undefined)?.find((tool) => tool.tool === 'vouch');

  it('names each file of a language the rules do not read, and is not verified, never a pass', async () => {
    const files = [
      { path: 'ok.py', source: 'def add(a, b):\n    return a + b\n', language: 'python' as const },
      ruby,
    ];
    const result = await runTask({ name: 'scan', input: { files, external: false }, host });
    expect(result.verification?.status).toBe('unverified');
    const vouch = vouchTool(result);
    expect(vouch?.unparsed).toEqual([{ file: 'r.rb', reason }]);
    expect(vouch?.reason).toContain('1 code file(s) not verified: the security rules do not read ruby');
    const text = await scanText(result, files);
    expect(text).toContain(`r.rb: ${reason}`);
    // the Python file alone still passes
    const alone = await runTask({ name: 'scan', input: { files: [files[0]!], external: false }, host });
    expect(alone.verification?.status).toBe('pass');
  });

  it('keeps the failing finding of the Python file beside it', async () => {
    const files = [
      {
        path: 'a.py',
        source: "import os\nfrom flask import request\ndef h():\n    os.system(request.args['c'])\n",
        language: 'python' as const,
      },
      ruby,
    ];
    const result = await runTask({ name: 'scan', input: { files, external: false }, host });
    expect(result.verification?.status).toBe('fail');
    expect(vouchTool(result)?.unparsed).toEqual([{ file: 'r.rb', reason }]);
    expect(await scanText(result, files)).toContain('4:5  CRITICAL CWE-78  command-injection');
  });
});
