import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/check.js';
import { oldContent, splitByOldSide } from './old-side.js';
import { type DiffFile, parseUnifiedDiff } from './parse-diff.js';

const OLD = 'import os\n\ndef listing(name):\n    name = quote(name)\n    os.system(name)\n';
const NEW = 'import os\n\ndef listing(name):\n    os.system(name)\n';

const fileOf = (diff: string) => parseUnifiedDiff(diff)[0] as DiffFile;

const at = (line: number, ruleId = 'command-injection', severity: Finding['severity'] = 'high'): Finding => ({
  ruleId,
  file: 'app.py',
  line,
  column: 5,
  severity,
  message: 'm',
});

describe('oldContent', () => {
  it('rebuilds the whole old file from the new one, with context lines or none', () => {
    const withContext = fileOf(
      '--- a/app.py\n+++ b/app.py\n@@ -3,3 +3,2 @@\n def listing(name):\n-    name = quote(name)\n     os.system(name)\n',
    );
    expect(oldContent(withContext, NEW)).toBe(OLD);
    const bare = fileOf('--- a/app.py\n+++ b/app.py\n@@ -4 +3,0 @@\n-    name = quote(name)\n');
    expect(oldContent(bare, NEW)).toBe(OLD);
  });

  it('is the old side of the hunks alone when the new file is only its hunks, or they do not apply to it', () => {
    const file = fileOf(
      '--- a/app.py\n+++ b/app.py\n@@ -3,3 +3,2 @@\n def listing(name):\n-    name = quote(name)\n     os.system(name)\n',
    );
    const hunksOnly = { partial: '\n\ndef listing(name):\n    name = quote(name)\n    os.system(name)\n' };
    expect(oldContent(file, { partial: '\n\ndef listing(name):\n    os.system(name)\n' })).toEqual(hunksOnly);
    expect(oldContent(file, 'something else\n')).toEqual(hunksOnly);
  });
});

describe('splitByOldSide', () => {
  const FLAWED = 'import os\n\ndef listing(name):\n    os.system(name)\n';

  it('an old flaw moved to another line is not new; a removed sanitiser makes an unchanged line new', () => {
    const moved = `# a\n# b\n${FLAWED}`;
    expect(
      splitByOldSide({
        found: [at(6)],
        before: [at(4)],
        newText: moved,
        oldText: FLAWED,
        added: new Set([1, 2]),
      }),
    ).toEqual({ introduced: [], existing: [at(6)] });
    expect(
      splitByOldSide({ found: [at(4)], before: [], newText: NEW, oldText: OLD, added: new Set() }),
    ).toEqual({ introduced: [at(4)], existing: [] });
  });

  it('counts: of two identical flaws where there was one, the added line is the new one', () => {
    const twice = `${FLAWED}    os.system(name)\n`;
    expect(
      splitByOldSide({
        found: [at(4), at(5)],
        before: [at(4)],
        newText: twice,
        oldText: FLAWED,
        added: new Set([5]),
      }),
    ).toEqual({ introduced: [at(5)], existing: [at(4)] });
    expect(
      splitByOldSide({
        found: [at(4), at(5)],
        before: [at(4)],
        newText: twice,
        oldText: FLAWED,
        added: new Set([4]),
      }),
    ).toEqual({ introduced: [at(4)], existing: [at(5)] });
  });

  it('an edited flaw, another rule or a graver severity on the same line is new; whitespace is not an edit', () => {
    const edited = FLAWED.replace('os.system(name)', 'os.system("ls " + name)');
    expect(
      splitByOldSide({
        found: [at(4)],
        before: [at(4)],
        newText: edited,
        oldText: FLAWED,
        added: new Set([4]),
      }).introduced,
    ).toEqual([at(4)]);
    expect(
      splitByOldSide({
        found: [at(4, 'log-injection')],
        before: [at(4)],
        newText: FLAWED,
        oldText: FLAWED,
        added: new Set(),
      }).introduced,
    ).toHaveLength(1);
    expect(
      splitByOldSide({
        found: [at(4, undefined, 'critical')],
        before: [at(4)],
        newText: FLAWED,
        oldText: FLAWED,
        added: new Set(),
      }).introduced,
    ).toHaveLength(1);
    const reindented = FLAWED.replace('    os.system(name)', '\tos.system(name)');
    expect(
      splitByOldSide({
        found: [at(4)],
        before: [at(4)],
        newText: reindented,
        oldText: FLAWED,
        added: new Set([4]),
      }).introduced,
    ).toEqual([]);
  });
});
