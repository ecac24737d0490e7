import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w200 (review r49): a file name git quotes (`"`, a tab, a newline) is read, in a range and in the default
 * review; a changed file review could not read makes it not verified; a `--patch`'s old side is HEAD's file,
 * never another blob its `index` line names; a changed file importing a project file review did not read
 * (in an untracked repository of its own, or one git ignores) names it.
 */

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

const APP = 'def index() -> str:\n    return "ok"\n';
const FLAWED = 'import os\nimport sys\n\n\ndef run() -> None:\n    os.system("ping " + sys.argv[1])\n';

interface Review {
  verification: { status: string; reasons: string[] };
  notes: string[];
  details: { comments: { file: string; line: number; ruleId: string }[]; files: { path: string }[] };
  exitCode: number;
}

const GATE_ONLY = ['review', '--no-model-review', '--json'];
const injections = (output: Review) =>
  output.details.comments
    .filter((comment) => comment.ruleId === 'command-injection')
    .map((comment) => `${comment.file}:${comment.line}`)
    .sort();

/** A repository with `files` committed. */
function committed(files: Record<string, string>): string {
  const root = testFolder('vouch-review-r49-');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  return root;
}

const ODD_NAMES = ['we"ird.py', 'new\nline.py', 'a\tb.py', 'back\\slash.py'];

describe('vouch review of file names git quotes (r49)', () => {
  it('a range adding flawed files named with ", a newline, a tab or a backslash reports each flaw, exit 1', async () => {
    const root = committed({ 'app.py': APP });
    writeFileSync(join(root, 'app.py'), APP.replace('"ok"', '"ok!"'));
    for (const name of ODD_NAMES) writeFileSync(join(root, name), FLAWED);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'pr');
    const result = await runMain([...GATE_ONLY, 'HEAD~1..HEAD'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(injections(output)).toEqual(ODD_NAMES.map((name) => `${name}:6`).sort());
    expect(output.details.files.map((file) => file.path).sort()).toEqual(['app.py', ...ODD_NAMES].sort());
    expect(output.notes.join('\n')).not.toMatch(/could not be read/);
  });

  it('the default review reads an untracked flawed file whose name has a tab or a newline', async () => {
    const root = committed({ 'app.py': APP });
    writeFileSync(join(root, 'app.py'), APP.replace('"ok"', '"ok!"'));
    writeFileSync(join(root, 'a\tb.py'), FLAWED);
    writeFileSync(join(root, 'new\nline.py'), FLAWED);
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    expect(injections(result.json<Review>())).toEqual(['a\tb.py:6', 'new\nline.py:6']);
  });

  it('--staged reads a flawed file named like an index stage (`1:x.py`)', async () => {
    const root = committed({ 'x.py': APP });
    writeFileSync(join(root, 'x.py'), APP.replace('"ok"', '"ok!"'));
    writeFileSync(join(root, '1:x.py'), FLAWED);
    git(root, 'add', '-A');
    const result = await runMain([...GATE_ONLY, '--staged'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    expect(injections(result.json<Review>())).toEqual(['1:x.py:6']);
  });

  it('a changed Python file the review may not read (a hard link to .env) makes the review not verified', async () => {
    const root = committed({ 'app.py': APP });
    writeFileSync(join(root, 'app.py'), APP.replace('"ok"', '"ok!"'));
    writeFileSync(join(root, '.env'), 'TOKEN=abc\n');
    writeFileSync(join(root, '.gitignore'), '.env\n');
    linkSync(join(root, '.env'), join(root, 'settings.py'));
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(output.verification.status).toBe('unverified');
    expect(output.verification.reasons.join('\n')).toMatch(/settings\.py.*could not be read/);
    expect(result.stdout).not.toContain('TOKEN=abc');
  });
});

describe('vouch review --patch: the old side is HEAD’s file (r49)', () => {
  it('a patch whose index line names an older blob holding the flaw does not make a re-added flaw old', async () => {
    const root = committed({ 'app.py': FLAWED });
    const v1 = git(root, 'rev-parse', 'HEAD:app.py').trim();
    writeFileSync(join(root, 'app.py'), FLAWED.replace('" + sys.argv[1])', '")'));
    git(root, 'commit', '-qam', 'fixed');
    // the working tree puts the flaw back, and the patch claims it was there before
    writeFileSync(join(root, 'app.py'), `${FLAWED}    print("x")\n`);
    writeFileSync(
      join(root, 'forged.patch'),
      `diff --git a/app.py b/app.py\nindex ${v1.slice(0, 7)}..1f57039 100644\n--- a/app.py\n+++ b/app.py\n@@ -1,6 +1,7 @@\n${FLAWED.replace(/^/gm, ' ').replace(/ $/, '')}+    print("x")\n`,
    );
    const result = await runMain([...GATE_ONLY, '--patch', 'forged.patch'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(injections(output)).toEqual(['app.py:6']);
    expect(output.notes.join('\n')).not.toMatch(/already there/);
    expect(output.notes).toContainEqual(expect.stringMatching(/^app\.py: the patch was made against blob/));
  });
});

describe('vouch review of a change importing files it did not read (r49)', () => {
  it('an import from an untracked repository of its own makes the review not verified, naming the file', async () => {
    const root = committed({ 'app.py': APP });
    mkdirSync(join(root, 'sub'));
    git(join(root, 'sub'), 'init', '-q');
    writeFileSync(join(root, 'sub', 'evil.py'), FLAWED);
    writeFileSync(
      join(root, 'app.py'),
      `from sub.evil import run\n\n\n${APP.replace('    return', '    run()\n    return')}`,
    );
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(output.verification.status).toBe('unverified');
    expect(output.verification.reasons.join('\n')).toMatch(/app\.py imports sub\/evil\.py/);
  });

  it('an import from a submodule git tracks is the base: no note, the review passes', async () => {
    const library = committed({ 'util.py': 'def run() -> None:\n    print("run")\n' });
    const root = committed({ 'app.py': APP });
    git(root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library, 'lib');
    git(root, 'commit', '-qm', 'lib');
    writeFileSync(
      join(root, 'app.py'),
      `from lib.util import run\n\n\n${APP.replace('    return', '    run()\n    return')}`,
    );
    const result = await runMain(GATE_ONLY, { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Review>();
    expect(output.verification.status).toBe('pass');
    expect(output.notes.join('\n')).not.toMatch(/imports lib/);
  });

  it('an import of a file git ignores is named in a note, and does not block', async () => {
    const root = committed({ 'app.py': APP, '.gitignore': 'helper_local.py\n' });
    writeFileSync(join(root, 'helper_local.py'), FLAWED);
    writeFileSync(
      join(root, 'app.py'),
      `from helper_local import run\n\n\n${APP.replace('    return', '    run()\n    return')}`,
    );
    const result = await runMain(GATE_ONLY, { cwd: root });
    const output = result.json<Review>();
    expect(output.notes).toContainEqual(
      expect.stringMatching(/^app\.py imports helper_local\.py, which git ignores/),
    );
    expect(result.code, result.stderr).toBe(0);
  });
});
