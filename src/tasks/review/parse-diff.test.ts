import { describe, expect, it } from 'vitest';
import { type DiffFile, judgedLines, parseUnifiedDiff } from './parse-diff.js';

describe('judgedLines', () => {
  it('judges the new-side lines of a hunk that removes a line, and the line after a bare removal', () => {
    const [file] = parseUnifiedDiff(
      '--- a/app.py\n+++ b/app.py\n@@ -6,3 +6,2 @@\n def listing(name):\n-    name = quote(name)\n     os.system(name)\n@@ -20 +18,0 @@\n-# end\n',
    );
    expect([...judgedLines(file as DiffFile)].sort((a, b) => a - b)).toEqual([6, 7, 18, 19]);
  });

  it("is bounded by the lines a hunk holds, not its header's count (review r39: a made-up +6,20000000)", () => {
    const file: DiffFile = {
      path: 'app.py',
      oldPath: 'app.py',
      status: 'modified',
      binary: false,
      addedLines: [],
      hunks: [
        { oldStart: 6, oldLines: 1, newStart: 6, newLines: 20_000_000, lines: ['-    name = quote(name)'] },
      ],
    };
    expect([...judgedLines(file)]).toEqual([6, 7]);
  });
});
