import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w186 (review r46): the default review sees new files not yet added; a patch's old side is git's file, not
 * the patch's own `-` lines; a copy (`copy from`/`copy to`) is a new file whose flaws are the change's.
 */

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

const SAFE = 'import sys\n\n\ndef listing(name):\n    print(name)\n\n\nlisting(sys.argv[1])\n';
const FLAWED =
  'import os\nimport sys\n\n\ndef listing(name):\n    # list the folder\n    os.system("ls " + name)\n\n\nlisting(sys.argv[1])\n';

interface Review {
  notes: string[];
  explanation: string;
  details: {
    comments: { file: string; line: number; ruleId: string }[];
    files: { path: string; status: string }[];
  };
}

const GATE_ONLY = ['review', '--no-model-review', '--json'];
const where = (output: Review) =>
  output.details.comments
    .filter((comment) => comment.ruleId === 'command-injection')
    .map((comment) => `${comment.file}:${comment.line}`);

/** A repository with `files` committed. */
function committed(files: Record<string, string>): string {
  const root = testFolder('vouch-review-r46-');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'app');
  return root;
}

describe('vouch review: untracked files, a patch’s old side, copies (r46)', () => {
  it('an untracked new file is reviewed as added beside a one-line change to a tracked one; an ignored one is not', async () => {
    const root = committed({ 'app.py': SAFE, '.gitignore': 'ignored.py\n' });
    writeFileSync(join(root, 'app.py'), SAFE.replace('print(name)', 'print(name, flush=True)'));
    writeFileSync(join(root, 'public.py'), FLAWED);
    writeFileSync(join(root, 'ignored.py'), FLAWED);
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(where(output)).toEqual(['public.py:7']);
    expect(output.details.files.map((file) => `${file.path} ${file.status}`).sort()).toEqual([
      'app.py modified',
      'public.py added',
    ]);
  });

  it('a patch claiming an old flaw HEAD never had is the change’s, and says it does not match; a true patch still finds the old one', async () => {
    const root = committed({ 'app.py': SAFE });
    writeFileSync(join(root, 'app.py'), SAFE.replace('    print(name)\n', '    os.system("ls " + name)\n'));
    writeFileSync(
      join(root, 'fake.patch'),
      '--- a/app.py\n+++ b/app.py\n@@ -5,1 +5,1 @@\n-    os.system("ls " + name)\n+    os.system("ls " + name)\n',
    );
    const faked = await runMain([...GATE_ONLY, '--patch', 'fake.patch'], { cwd: root });
    expect(faked.code, faked.stderr).toBe(1);
    const output = faked.json<Review>();
    expect(where(output)).toEqual(['app.py:5']);
    expect(output.notes).toContainEqual(
      expect.stringMatching(/^app\.py: the patch does not match app\.py in HEAD/),
    );
    expect(output.notes.join('\n')).not.toMatch(/already there/);

    // the honest patch of an edit beside an old flaw: git's old file has the flaw, so it is not the change's
    const honest = committed({ 'app.py': FLAWED });
    writeFileSync(join(honest, 'app.py'), FLAWED.replace('# list the folder', '# list the folder given'));
    writeFileSync(join(honest, 'change.patch'), git(honest, 'diff'));
    git(honest, 'checkout', 'app.py');
    const true_ = await runMain([...GATE_ONLY, '--patch', 'change.patch'], { cwd: honest });
    expect(true_.code, true_.stderr).toBe(0);
    expect(true_.json<Review>().notes).toContainEqual(
      expect.stringMatching(/^app\.py: already there before the change.*command-injection at line 7/),
    );
  });

  it('outside git, a patch’s claimed old side makes nothing old', async () => {
    const root = testFolder('vouch-review-r46-nogit-');
    writeFileSync(join(root, 'app.py'), FLAWED.replace('# list the folder', '# list the folder given'));
    writeFileSync(
      join(root, 'change.patch'),
      '--- a/app.py\n+++ b/app.py\n@@ -6,2 +6,2 @@\n-    # list the folder\n+    # list the folder given\n     os.system("ls " + name)\n',
    );
    const result = await runMain([...GATE_ONLY, '--patch', 'change.patch'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(where(output)).toEqual(['app.py:7']);
    expect(output.notes).toContainEqual(
      expect.stringMatching(/^app\.py: outside a git repository .* every finding counts as the change's/),
    );
  });

  it('a copy of a flawed file is a new file: its flaws are the change’s, with or without hunks', async () => {
    const root = committed({ 'tools.py': FLAWED });
    writeFileSync(join(root, 'public.py'), FLAWED.replace('# list the folder', '# list it'));
    git(root, 'add', 'public.py');
    writeFileSync(join(root, 'copy.patch'), git(root, 'diff', '--staged', '-C', '--find-copies-harder'));
    expect(git(root, 'diff', '--staged', '-C', '--find-copies-harder')).toMatch(/^copy to public\.py$/m);
    const result = await runMain([...GATE_ONLY, '--patch', 'copy.patch'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    expect(where(result.json<Review>())).toEqual(['public.py:7']);
    // an exact copy has no hunk at all
    writeFileSync(join(root, 'public.py'), FLAWED);
    git(root, 'add', 'public.py');
    const exact = git(root, 'diff', '--staged', '-C', '--find-copies-harder');
    expect(exact).not.toMatch(/^@@/m);
    writeFileSync(join(root, 'exact.patch'), exact);
    const copied = await runMain([...GATE_ONLY, '--patch', 'exact.patch'], { cwd: root });
    expect(copied.code, copied.stderr).toBe(1);
    expect(where(copied.json<Review>())).toEqual(['public.py:7']);
  });
});
