import { describe, expect, it } from 'vitest';
import { checksOfTheFix, enclosingBlock, fixRegion } from './region.js';

const lines = (text: string) => text.split('\n');

describe('the lines a fix rewrites', () => {
  it('leaves a check that could not read the file not verified when none of its findings are the fix’s (r18)', () => {
    const finding = {
      ruleId: 'x',
      file: 'a.py',
      line: 9,
      column: 1,
      severity: 'high' as const,
      message: 'old',
    };
    const checked = { name: 'security', status: 'fail' as const, findings: [finding], durationMs: 1 };
    expect(checksOfTheFix([checked], [])[0]!.status).toBe('pass');
    const [unread] = checksOfTheFix(
      [{ ...checked, unverified: 'could not parse them whole (a.py line 3)' }],
      [],
    );
    expect(unread).toMatchObject({ status: 'error', reason: 'could not parse them whole (a.py line 3)' });
  });

  it('is the top-level block around a finding, without the blank lines after it', () => {
    const file = lines('import os\n\n\ndef a():\n    x = 1\n    return x\n\n\ndef b():\n    pass\n');
    expect(enclosingBlock(file, 5)).toEqual({ startLine: 4, endLine: 6 });
    expect(fixRegion(file, [5, 10])).toEqual({ startLine: 4, endLine: 10 });
  });

  it('holds the decorators of the definition, from a finding in its body or on a decorator (issue 57)', () => {
    const app = lines(
      "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/run')\n@login_required\ndef run():\n    os.system(request.args['cmd'])\n    return 'ok'\n\n\ndef other():\n    pass\n",
    );
    expect(enclosingBlock(app, 11)).toEqual({ startLine: 8, endLine: 12 });
    expect(enclosingBlock(app, 8)).toEqual({ startLine: 8, endLine: 12 });
    expect(enclosingBlock(app, 15)).toEqual({ startLine: 15, endLine: 16 });
  });

  it('narrows long blocks to the findings and 20 lines around, never past the last line of text', () => {
    const body = Array.from({ length: 400 }, (_, index) => `    v${index} = ${index}`).join('\n');
    const file = lines(`class Big:\n${body}\n\n`);
    // the file ends with a blank line and a final newline: lines 402 and 403 ("") hold no text
    expect(file.length).toBe(403);
    expect(fixRegion(file, [10, 395])).toEqual({ startLine: 1, endLine: 401 });
  });
});
