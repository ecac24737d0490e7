import { describe, expect, it } from 'vitest';
import { quoteGitPath } from './git-paths.js';
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

describe('parseUnifiedDiff of names git quotes (r49)', () => {
  it('reads `"`, tab, newline, backslash and octal bytes in every header, and a rename into such a name', () => {
    const diff = [
      'diff --git "a/we\\"ird.py" "b/we\\"ird.py"',
      'new file mode 100644',
      'index 0000000..b917a72',
      '--- /dev/null',
      '+++ "b/we\\"ird.py"',
      '@@ -0,0 +1 @@',
      '+print(1)',
      'diff --git "a/a\\tb.py" "b/a\\tb.py"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/a\\tb.py"',
      '@@ -0,0 +1 @@',
      '+print(2)',
      'diff --git "a/new\\nline\\\\x\\303\\251.py" "b/new\\nline\\\\x\\303\\251.py"',
      'new file mode 100644',
      'index 0000000..b917a72',
      'Binary files /dev/null and "b/new\\nline\\\\x\\303\\251.py" differ',
      'diff --git a/app.py "b/ren\\"x.py"',
      'similarity index 100%',
      'rename from app.py',
      'rename to "ren\\"x.py"',
    ].join('\n');
    const files = parseUnifiedDiff(`${diff}\n`);
    expect(files.map((file) => [file.path, file.status, file.addedLines])).toEqual([
      ['we"ird.py', 'added', [1]],
      ['a\tb.py', 'added', [1]],
      ['new\nline\\xé.py', 'added', []],
      ['ren"x.py', 'renamed', []],
    ]);
    expect(files[3]!.oldPath).toBe('app.py');
  });

  it('quoteGitPath writes a name as git does, and the parser reads it back', () => {
    for (const name of [
      'plain.py',
      'sp ace.py',
      'we"ird.py',
      'a\tb.py',
      'new\nline.py',
      'b\\s.py',
      'bell\x07.py',
      'é.py',
    ])
      expect(
        parseUnifiedDiff(
          `diff --git ${quoteGitPath(`a/${name}`)} ${quoteGitPath(`b/${name}`)}\nnew file mode 100644\n--- /dev/null\n+++ ${quoteGitPath(`b/${name}`)}\n@@ -0,0 +1 @@\n+x = 1\n`,
        ).map((file) => file.path),
      ).toEqual([name]);
    expect(quoteGitPath('a/we"ird\t.py')).toBe('"a/we\\"ird\\t.py"');
  });
});
