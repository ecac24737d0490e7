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
