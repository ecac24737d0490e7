import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/check.js';
import { oldContent, splitByOldSide } from './old-side.js';
import { type DiffFile, parseUnifiedDiff } from './parse-diff.js';
import { scopesAt } from './scopes.js';

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

  it('is none when the hunks do not apply to the new file: never the old side on the word of the patch (r42)', () => {
    const file = fileOf(
      '--- a/app.py\n+++ b/app.py\n@@ -3,3 +3,2 @@\n def listing(name):\n-    name = quote(name)\n     os.system(name)\n',
    );
    expect(oldContent(file, 'something else\n')).toBeUndefined();
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
  it('an old flaw in another function, or at module level, does not make a new one old (r42 cases B and D)', async () => {
    // case D: a's sink fixed, b's quoting removed: b's flaw has the same text as a's old one
    const oldD = 'def a(cmd):\n    os.system(cmd)\n\ndef b(cmd):\n    cmd = quote(cmd)\n    os.system(cmd)\n';
    const newD = 'def a(cmd):\n    os.system(quote(cmd))\n\ndef b(cmd):\n    os.system(cmd)\n';
    const split = splitByOldSide({
      found: [at(5)],
      before: [at(2)],
      newText: newD,
      oldText: oldD,
      added: new Set([2]),
      oldScopes: (await scopesAt('python', oldD, [2])) as Map<number, string>,
      newScopes: (await scopesAt('python', newD, [5])) as Map<number, string>,
    });
    expect(split).toEqual({ introduced: [at(5)], existing: [] });
    // the same flaw moved down by lines added above it in its own function stays old
    const moved = 'def a(cmd):\n    print(1)\n    print(2)\n    os.system(cmd)\n';
    const kept = splitByOldSide({
      found: [at(4)],
      before: [at(2)],
      newText: moved,
      oldText: 'def a(cmd):\n    os.system(cmd)\n',
      added: new Set([2, 3]),
      oldScopes: (await scopesAt('python', 'def a(cmd):\n    os.system(cmd)\n', [2])) as Map<number, string>,
      newScopes: (await scopesAt('python', moved, [4])) as Map<number, string>,
    });
    expect(kept).toEqual({ introduced: [], existing: [at(4)] });
    // module level is a scope of its own: an old module-level flaw does not cover a function's
    const inFunction = 'os.system(cmd)\ndef f(cmd):\n    os.system(cmd)\n';
    expect(
      splitByOldSide({
        found: [at(1), at(3)],
        before: [at(1)],
        newText: inFunction,
        oldText: 'os.system(cmd)\n',
        added: new Set([2, 3]),
        oldScopes: (await scopesAt('python', 'os.system(cmd)\n', [1])) as Map<number, string>,
        newScopes: (await scopesAt('python', inFunction, [1, 3])) as Map<number, string>,
      }),
    ).toEqual({ introduced: [at(3)], existing: [at(1)] });
  });
});
