import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nestedParser } from '../support/nested-parser.js';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w154: a review that checked nothing (an empty diff; only Markdown or Ruby; only deletions; a binary
 * change) or whose security check could not run (its file budget) is not verified and exits 1, in text,
 * `--json`, SARIF and the GitHub body, whatever `--fail-on` says; its real comments are still reported.
 */

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

/** A repository with a Python file, a README, a Ruby script and a binary file committed. */
function repository(): string {
  const root = testFolder('vouch-review-nothing-');
  writeFileSync(join(root, 'app.py'), 'def add(a, b):\n    return a + b\n');
  writeFileSync(join(root, 'README.md'), '# shop\n');
  writeFileSync(join(root, 'tool.rb'), 'puts 1\n');
  writeFileSync(join(root, 'logo.bin'), Buffer.from([0, 1, 2, 3]));
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'shop');
  return root;
}

interface Review {
  verification: { status: string; reasons: string[]; checks: { name: string; status: string }[] };
  notes: string[];
  details: { comments: { file: string; ruleId: string }[] };
}

const GATE_ONLY = ['review', '--no-model-review'];

describe('vouch review that checks nothing', () => {
  it('a change to Markdown and Ruby alone is not verified, exit 1, naming the files, in every format', async () => {
    const root = repository();
    writeFileSync(join(root, 'README.md'), '# shop\n\nmore\n');
    writeFileSync(join(root, 'tool.rb'), 'system(ARGV[0])\n');
    const json = await runMain([...GATE_ONLY, '--json'], { cwd: root });
    expect(json.code, json.stderr).toBe(1);
    const output = json.json<Review>();
    expect(output.verification.status).toBe('unverified');
    expect(output.verification.reasons).toEqual([
      expect.stringMatching(
        /^nothing checked: the security gate read none of the changed files .*README\.md \(not source code vouch reads\), tool\.rb \(ruby: the security rules do not read it\)/,
      ),
    ]);

    const text = await runMain(GATE_ONLY, { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('NOT VERIFIED: nothing checked: the security gate read none');

    const sarif = await runMain([...GATE_ONLY, '--format', 'sarif', '--fail-on', 'none'], { cwd: root });
    expect(sarif.code).toBe(1);
    const run = sarif.json<{
      runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[];
    }>().runs[0]!;
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(JSON.stringify(run.invocations[0]!.toolExecutionNotifications)).toContain('nothing checked');

    const github = await runMain([...GATE_ONLY, '--format', 'github'], { cwd: root });
    expect(github.code).toBe(1);
    expect(github.json<{ body: string }>().body).toContain('**NOT VERIFIED**: nothing checked');
  });

  it('only deletions, a binary change alone and an empty diff are not verified, exit 1', async () => {
    const root = repository();
    git(root, 'rm', '-q', 'app.py');
    const deleted = await runMain([...GATE_ONLY, '--staged', '--json'], { cwd: root });
    expect(deleted.code, deleted.stderr).toBe(1);
    expect(deleted.json<Review>().verification).toMatchObject({
      status: 'unverified',
      reasons: [expect.stringContaining('app.py (deleted)')],
    });
    git(root, 'commit', '-qm', 'no app');

    writeFileSync(join(root, 'logo.bin'), Buffer.from([0, 9, 9, 9, 0]));
    git(root, 'add', 'logo.bin');
    const binary = await runMain([...GATE_ONLY, '--staged', '--json'], { cwd: root });
    expect(binary.code, binary.stderr).toBe(1);
    expect(binary.json<Review>().verification).toMatchObject({
      status: 'unverified',
      reasons: [expect.stringContaining('logo.bin (binary)')],
    });
    git(root, 'commit', '-qm', 'logo');

    // an empty diff ran and checked nothing: not verified (was exit 2, a usage error) — the model not asked
    const empty = await runMain(['review', '--staged', '--json'], { cwd: root });
    expect(empty.code, empty.stderr).toBe(1);
    expect(empty.json<Review>().verification).toMatchObject({
      status: 'unverified',
      reasons: ['nothing checked: the diff is empty: nothing is staged (stage changes with `git add` first)'],
    });
    // a file that is no diff stays a usage error, and `--format json` prints it as JSON with its exit code
    writeFileSync(join(root, 'not.patch'), 'hello\n');
    const notDiff = await runMain([...GATE_ONLY, '--patch', 'not.patch', '--format', 'json'], { cwd: root });
    expect(notDiff.code).toBe(2);
    expect(notDiff.json<{ error: { message: string; exitCode: number } }>().error).toMatchObject({
      message: expect.stringContaining('not a unified diff'),
      exitCode: 2,
    });
  });

  it('a Python change beside a Ruby one is checked: its finding is reported, the Ruby file named in a note', async () => {
    const root = repository();
    writeFileSync(join(root, 'tool.rb'), 'system(ARGV[0])\n');
    writeFileSync(
      join(root, 'app.py'),
      'import hashlib\n\n\ndef hash_password(password):\n    return hashlib.md5(password.encode())\n',
    );
    const result = await runMain([...GATE_ONLY, '--json', '--fail-on', 'critical'], { cwd: root });
    const output = result.json<Review>();
    expect(output.verification.status, JSON.stringify(output.verification)).not.toBe('unverified');
    expect(output.details.comments.map((comment) => `${comment.file}:${comment.ruleId}`)).toContain(
      'app.py:weak-password-hash',
    );
    expect(output.notes).toContain(
      'the security gate did not read: tool.rb (ruby: the security rules do not read it)',
    );
  });

  it('a security check stopped at its file budget is not verified, exit 1 under --fail-on critical, the finding beside it kept', async () => {
    const root = repository();
    // ≈ 3.7 s of the engine's analysis on one core, 7× the 0.5 s budget (as test/cli/scan-budget.test.ts's);
    // the gate's other checks (syntax, imports, types, licence) read the whole 0.7 MB file too
    writeFileSync(join(root, 'bundle.js'), nestedParser({ depth: 380, filler: 30, sink: false }));
    writeFileSync(
      join(root, 'app.py'),
      'import requests\n\n\ndef fetch(url):\n    return requests.get(url, verify=False)\n',
    );
    writeFileSync(join(root, 'budget.toml'), '[security]\nfile_budget = 0.5\n');
    git(root, 'add', 'bundle.js', 'app.py');
    const args = [...GATE_ONLY, '--staged', '--fail-on', 'critical', '--config', 'budget.toml'];
    const result = await runMain([...args, '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(output.details.comments.map((comment) => `${comment.file}:${comment.ruleId}`)).toContain(
      'app.py:tls-verification-disabled',
    );
    expect(output.verification.reasons.join('\n')).toContain(
      'security could not verify everything: scanners: vouch; vouch could not run: 1 file(s) not verified: analysis stopped after 500 ms (bundle.js)',
    );
    const text = await runMain(args, { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/(?:BLOCKED|FAILED|NOT VERIFIED).*security could not verify everything/);
  }, 240_000);
});
