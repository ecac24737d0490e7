import { describe, expect, it } from 'vitest';
import { applyHunks, type DiffFile, parseUnifiedDiff } from './parse-diff.js';

describe('applyHunks', () => {
  it('puts a bare addition (`-2,0`, as `git diff -U0` writes it) after its start line, not before it', () => {
    const [file] = parseUnifiedDiff('--- a/app.py\n+++ b/app.py\n@@ -2,0 +3 @@\n+c = 3\n');
    expect(applyHunks('a = 1\nb = 2\nd = 4\n', file as DiffFile)).toBe('a = 1\nb = 2\nc = 3\nd = 4\n');
  });
});

describe('parseUnifiedDiff of a patch saved with CRLF line ends', () => {
  it('reads paths and lines without the CR; a CRLF file in an LF patch keeps its CRs', () => {
    const lf =
      'diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n@@ -1,2 +1,2 @@\n import os\n-x = 1\n+x = 2\n';
    const [crlf] = parseUnifiedDiff(lf.replace(/\n/g, '\r\n'));
    expect(crlf).toEqual(parseUnifiedDiff(lf)[0]);
    expect(crlf).toMatchObject({ path: 'app.py', hunks: [{ lines: [' import os', '-x = 1', '+x = 2'] }] });
    const [windowsFile] = parseUnifiedDiff(lf.replace(/(os|1|2)\n/g, '$1\r\n'));
    expect(windowsFile?.hunks[0]?.lines).toEqual([' import os\r', '-x = 1\r', '+x = 2\r']);
  });
});
