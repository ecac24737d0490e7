import { describe, expect, it } from 'vitest';
import { applyHunks, type DiffFile, headerPastEnd, parseUnifiedDiff } from './parse-diff.js';

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

describe('parseUnifiedDiff of a made-up hunk header (r42)', () => {
  it('marks a start or length past any file vouch reads, naming the header, and keeps no line of it', () => {
    const [file] = parseUnifiedDiff(
      '--- a/big.py\n+++ b/big.py\n@@ -200000000,1 +1,1 @@\n-import os\n+os.system(input())\n',
    );
    expect(file?.invalid).toMatch(/'@@ -200000000,1 \+1,1 @@' is past the end of any file/);
    expect(file?.hunks[0]?.lines).toEqual([]);
  });

  it('marks a hunk that counts more lines than the patch holds; a whole one is not marked', () => {
    const [short] = parseUnifiedDiff(
      '--- a/app.py\n+++ b/app.py\n@@ -1,900000 +1,2 @@\n import os\n+x = 1\n',
    );
    expect(short?.invalid).toMatch(/'@@ -1,900000 \+1,2 @@' counts more lines than the patch holds/);
    const [whole] = parseUnifiedDiff('--- a/app.py\n+++ b/app.py\n@@ -1 +1,2 @@\n import os\n+x = 1\n');
    expect(whole?.invalid).toBeUndefined();
  });

  it('headerPastEnd names a hunk that starts past the end of the file at hand, as either side', () => {
    const [file] = parseUnifiedDiff('--- a/app.py\n+++ b/app.py\n@@ -40,1 +40,1 @@\n-a\n+b\n');
    expect(headerPastEnd('import os\n', file as DiffFile)).toMatch(
      /'@@ -40,1 \+40,1 @@' is past the end of the file \(1 lines\)/,
    );
    expect(headerPastEnd('x\n'.repeat(40), file as DiffFile)).toBeUndefined();
  });
});
