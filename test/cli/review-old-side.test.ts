import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w166 (review r39 of w162): a changed file's findings are compared with the file's before the change, and
 * only those the old file did not have are the change's. A sanitiser removed far above its sink is reported;
 * an edit beside an old flaw does not block; no finding of the change is lost (a copy of an old flaw, an
 * old flaw edited).
 */

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

/** The quoting is six lines above the shell command it guards: outside the hunk of its removal. */
const GUARDED_FAR =
  'import os\nimport shlex\nimport sys\n\n\ndef listing(name):\n    name = shlex.quote(name)\n    total = 0\n    total += 1\n    total += 2\n    total += 3\n    total += 4\n    os.system("ls " + name)\n    return total\n\n\nlisting(sys.argv[1])\n';
/** An old flaw under a comment. */
const FLAWED =
  'import os\nimport sys\n\n\ndef listing(name):\n    # list the folder\n    os.system("ls " + name)\n\n\nlisting(sys.argv[1])\n';

interface Review {
  notes: string[];
  details: { comments: { file: string; line: number; ruleId: string }[] };
  exitCode: number;
}

/** A repository with `app.py` committed as `committed`, then changed to `changed` in the working tree. */
function changed(committed: string, change: string): string {
  const root = testFolder('vouch-review-old-side-');
  writeFileSync(join(root, 'app.py'), committed);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'app');
  writeFileSync(join(root, 'app.py'), change);
  return root;
}

const GATE_ONLY = ['review', '--no-model-review', '--json'];
const where = (output: Review) =>
  output.details.comments
    .filter((comment) => comment.ruleId === 'command-injection')
    .map((comment) => `${comment.file}:${comment.line}`);

describe('vouch review judges what the change brought, not the file’s old flaws', () => {
  it('reports a sanitiser removed six lines above its sink, from git and from an applied patch (r39)', async () => {
    const root = changed(GUARDED_FAR, GUARDED_FAR.replace('    name = shlex.quote(name)\n', ''));
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    expect(where(result.json<Review>())).toEqual(['app.py:12']);
    writeFileSync(join(root, 'change.patch'), git(root, 'diff'));
    const patched = await runMain([...GATE_ONLY, '--patch', 'change.patch'], { cwd: root });
    expect(patched.code, patched.stderr).toBe(1);
    expect(where(patched.json<Review>())).toEqual(['app.py:12']);
  });

  it('an edited comment beside an old flaw does not block, and the note says the flaw was already there', async () => {
    const root = changed(FLAWED, FLAWED.replace('# list the folder', '# list the folder given'));
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Review>();
    expect(where(output)).toEqual([]);
    expect(output.notes).toContainEqual(
      expect.stringMatching(/^app\.py: already there before the change.*command-injection at line 7/),
    );
    // the same from a patch whose file is not at hand: the old side would be the patch's word alone, so
    // nothing is called old and a note says so (r42)
    writeFileSync(join(root, 'change.patch'), git(root, 'diff'));
    const elsewhere = testFolder('vouch-review-old-side-patch-');
    const patched = await runMain([...GATE_ONLY, '--patch', join(root, 'change.patch')], { cwd: elsewhere });
    const hunksOnly = patched.json<Review>();
    expect(hunksOnly.notes).toContainEqual(
      expect.stringMatching(
        /^app\.py: the file at hand is not at hand, .*every finding counts as the change's/,
      ),
    );
    expect(hunksOnly.notes.join('\n')).not.toMatch(/already there/);
  });

  it('an old flaw moved down by lines added above it, in a hunk that removes one, is not new', async () => {
    const root = changed(
      FLAWED,
      FLAWED.replace(
        '    # list the folder\n',
        '    # the folder, listed\n    # by ls\n    name = name or "."\n',
      ),
    );
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    expect(where(result.json<Review>())).toEqual([]);
  });

  it('a second copy of an old flaw is new, and so is an old flaw edited', async () => {
    const copy = changed(
      FLAWED,
      FLAWED.replace(
        '    os.system("ls " + name)\n',
        '    os.system("ls " + name)\n    os.system("ls " + name)\n',
      ),
    );
    const copied = await runMain(GATE_ONLY, { cwd: copy });
    expect(copied.code, copied.stderr).toBe(1);
    // one of the two identical lines is the added one (git chooses which): one finding, the change's
    expect(where(copied.json<Review>())).toHaveLength(1);
    const edit = changed(FLAWED, FLAWED.replace('"ls "', '"ls -l "'));
    const edited = await runMain(GATE_ONLY, { cwd: edit });
    expect(edited.code, edited.stderr).toBe(1);
    expect(where(edited.json<Review>())).toEqual(['app.py:7']);
  });

  it('an old flaw in another function does not cover a new one with the same text (r42 case D)', async () => {
    const before =
      'import os\nimport shlex\nimport sys\n\n\ndef a(cmd):\n    os.system(cmd)\n\n\ndef b(cmd):\n    cmd = shlex.quote(cmd)\n    os.system(cmd)\n\n\na(sys.argv[1])\nb(sys.argv[2])\n';
    const after = before
      .replace('    os.system(cmd)\n\n\ndef b', '    os.system(shlex.quote(cmd))\n\n\ndef b')
      .replace('    cmd = shlex.quote(cmd)\n', '');
    const root = changed(before, after);
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    expect(where(result.json<Review>())).toEqual(['app.py:11']);
  });

  it('a patch whose hunks do not apply to the file at hand calls nothing old on its own word (r42 case C)', async () => {
    const root = testFolder('vouch-review-old-side-fake-');
    writeFileSync(join(root, 'app.py'), 'import os\n');
    writeFileSync(
      join(root, 'fake.patch'),
      '--- a/app.py\n+++ b/app.py\n@@ -1,2 +1,3 @@\n import os\n-os.system(input())\n+os.system(input())\n+print(1)\n',
    );
    const result = await runMain([...GATE_ONLY, '--patch', 'fake.patch'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(where(output)).toEqual(['app.py:2']);
    expect(output.notes).toContainEqual(
      expect.stringMatching(
        /^app\.py: the file at hand is not the one the hunks apply to, .*every finding counts as the change's/,
      ),
    );
  });

  it('a hunk header past any file is an error naming it: not verified, exit 1, no crash (r42)', async () => {
    const root = testFolder('vouch-review-old-side-big-');
    writeFileSync(join(root, 'app.py'), 'import os\n');
    writeFileSync(
      join(root, 'big.patch'),
      '--- a/big.py\n+++ b/big.py\n@@ -200000000,1 +1,1 @@\n-import os\n+os.system(input())\n--- a/app.py\n+++ b/app.py\n@@ -1 +1,2 @@\n import os\n+print(1)\n',
    );
    const result = await runMain([...GATE_ONLY, '--patch', 'big.patch'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review & { verification: { status: string; reasons: string[] } }>();
    expect(output.verification.status).toBe('unverified');
    expect(output.verification.reasons).toContainEqual(
      expect.stringMatching(
        /big\.py: its hunk header '@@ -200000000,1 \+1,1 @@' is past the end of any file/,
      ),
    );
    // a header past the end of the file at hand, as either side, is the same error
    writeFileSync(join(root, 'past.patch'), '--- a/app.py\n+++ b/app.py\n@@ -40,1 +40,1 @@\n-a\n+b\n');
    const past = await runMain([...GATE_ONLY, '--patch', 'past.patch'], { cwd: root });
    expect(past.code, past.stderr).toBe(1);
    expect(past.json<Review & { verification: { reasons: string[] } }>().verification.reasons).toContainEqual(
      expect.stringMatching(/app\.py: its hunk header '@@ -40,1 \+40,1 @@' is past the end of the file/),
    );
  });
});
