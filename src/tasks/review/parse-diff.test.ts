import { describe, expect, it } from 'vitest';
import { applyHunks, type DiffFile, parseUnifiedDiff } from './parse-diff.js';

describe('applyHunks', () => {
  it('puts a bare addition (`-2,0`, as `git diff -U0` writes it) after its start line, not before it', () => {
    const [file] = parseUnifiedDiff('--- a/app.py\n+++ b/app.py\n@@ -2,0 +3 @@\n+c = 3\n');
    expect(applyHunks('a = 1\nb = 2\nd = 4\n', file as DiffFile)).toBe('a = 1\nb = 2\nc = 3\nd = 4\n');
  });
});
