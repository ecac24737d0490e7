import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w162 (review r35 of w154): a change that only removes a line still has its flaw reported; every changed
 * file the gate did not read is named; a mode-only change is not verified (not a usage error); the JSON
 * says its exit code; a not-verified review asks for changes on GitHub; `vouch check` of a language the
 * security rules do not read is not verified.
 */

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

const GUARDED =
  'import os\nimport shlex\nimport sys\n\n\ndef listing(name):\n    name = shlex.quote(name)\n    os.system("ls " + name)\n\n\nlisting(sys.argv[1])\n';

/** A repository with a Python script whose shell command is quoted, committed. */
function repository(): string {
  const root = testFolder('vouch-review-unread-');
  writeFileSync(join(root, 'app.py'), GUARDED);
  writeFileSync(join(root, 'logo.bin'), Buffer.from([0, 1, 2, 3]));
  writeFileSync(join(root, 'old.txt'), 'old\n');
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'shop');
  return root;
}

interface Review {
  verification: { status: string; reasons: string[] };
  notes: string[];
  details: { comments: { file: string; line: number; ruleId: string }[] };
  exitCode: number;
}

const GATE_ONLY = ['review', '--no-model-review'];
const UNQUOTED = GUARDED.replace('    name = shlex.quote(name)\n', '');

describe('vouch review of changes the gate does not read line by line', () => {
  it('a change that only removes the quoting before a shell command reports the flaw it exposes, exit 1', async () => {
    const root = repository();
    writeFileSync(join(root, 'app.py'), UNQUOTED);
    const result = await runMain([...GATE_ONLY, '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(
      output.details.comments.map((comment) => `${comment.file}:${comment.line}:${comment.ruleId}`),
    ).toContain('app.py:7:command-injection');
    expect(output.exitCode).toBe(1);
    // the same with no context lines (`git diff -U0`): the line after the removal is judged
    writeFileSync(join(root, 'change.patch'), git(root, 'diff', '-U0'));
    git(root, 'checkout', '-q', 'app.py');
    writeFileSync(join(root, 'app.py'), UNQUOTED);
    const bare = await runMain([...GATE_ONLY, '--patch', 'change.patch', '--json'], { cwd: root });
    expect(bare.code, bare.stderr).toBe(1);
    expect(bare.json<Review>().details.comments.map((comment) => comment.ruleId)).toContain(
      'command-injection',
    );
    // a finding far from the removal is not the change's: a comment removed eight lines below the flaw
    writeFileSync(join(root, 'app.py'), `${UNQUOTED}\n\n\n\n\n# end\n`);
    git(root, 'commit', '-qam', 'unquoted');
    writeFileSync(join(root, 'app.py'), `${UNQUOTED}\n\n\n\n\n`);
    const far = await runMain([...GATE_ONLY, '--json'], { cwd: root });
    expect(far.code, far.stderr).toBe(0);
    expect(far.json<Review>().details.comments.map((comment) => comment.ruleId)).not.toContain(
      'command-injection',
    );
  });

  it('names every changed file it did not read beside a Python change, in text and JSON', async () => {
    const root = repository();
    writeFileSync(join(root, 'tool'), '#!/usr/bin/env python3\nimport os, sys\nos.system(sys.argv[1])\n');
    writeFileSync(join(root, 'ci.yml'), 'on: push\n');
    writeFileSync(join(root, 'Dockerfile'), 'FROM python:3\n');
    writeFileSync(join(root, 'notes.ipynb'), '{"cells": []}\n');
    writeFileSync(join(root, 'logo.bin'), Buffer.from([0, 9, 9, 9, 0]));
    git(root, 'rm', '-q', 'old.txt');
    writeFileSync(join(root, 'app.py'), `${GUARDED}print("done")\n`);
    git(root, 'add', '-A');
    const result = await runMain([...GATE_ONLY, '--staged', '--json'], { cwd: root });
    const output = result.json<Review>();
    const note = output.notes.find((entry) => entry.startsWith('the security gate did not read:'));
    expect(note, JSON.stringify(output.notes)).toBeDefined();
    // `vouch scan tool` does not read an extensionless script as Python either: it is named, not read
    for (const named of [
      'tool (not source code vouch reads)',
      'ci.yml (not source code vouch reads)',
      'Dockerfile (not source code vouch reads)',
      'notes.ipynb (not source code vouch reads)',
      'logo.bin (binary)',
      'old.txt (deleted)',
    ])
      expect(note).toContain(named);
    expect(output.exitCode).toBe(result.code);
    const text = await runMain([...GATE_ONLY, '--staged'], { cwd: root });
    expect(text.stdout).toContain('note: the security gate did not read: ');
    expect(text.stdout).toContain('tool (not source code vouch reads)');
  });

  it('a mode-only change is not verified, exit 1, and a not-verified review requests changes on GitHub', async () => {
    const root = repository();
    chmodSync(join(root, 'app.py'), 0o755);
    const result = await runMain([...GATE_ONLY, '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Review>();
    expect(output.verification).toMatchObject({
      status: 'unverified',
      reasons: [expect.stringContaining('app.py (only its mode changed)')],
    });
    expect(output.exitCode).toBe(1);
    const github = await runMain([...GATE_ONLY, '--format', 'github', '--fail-on', 'none'], { cwd: root });
    expect(github.code).toBe(1);
    expect(github.json<{ event: string; body: string }>()).toMatchObject({
      event: 'REQUEST_CHANGES',
      body: expect.stringContaining('**NOT VERIFIED**'),
    });
  });

  it('a file renamed into Python is new Python: its flaw is reported, with an edit or none (review r39)', async () => {
    const root = repository();
    const evil = 'import os\n\n\ndef handler(request):\n    os.system("ls " + request.args["name"])\n';
    writeFileSync(join(root, 'evil.txt'), evil);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'notes');
    git(root, 'mv', 'evil.txt', 'evil.py');
    // a pure rename beside another Python edit
    writeFileSync(join(root, 'app.py'), `${GUARDED}print("done")\n`);
    git(root, 'add', '-A');
    const pure = await runMain([...GATE_ONLY, '--staged', '--json'], { cwd: root });
    expect(pure.code, pure.stderr).toBe(1);
    expect(
      pure.json<Review>().details.comments.map((comment) => `${comment.file}:${comment.ruleId}`),
    ).toContain('evil.py:command-injection');
    // renamed with one line added far from the flaw
    writeFileSync(join(root, 'evil.py'), `${evil}\n\n\n\nx = 1\n`);
    git(root, 'add', '-A');
    const edited = await runMain([...GATE_ONLY, '--staged', '--json'], { cwd: root });
    expect(edited.code, edited.stderr).toBe(1);
    expect(
      edited.json<Review>().details.comments.map((comment) => `${comment.file}:${comment.ruleId}`),
    ).toContain('evil.py:command-injection');
  });

  it('vouch check of a Ruby file is not verified for security, exit 1, as scan and review say', async () => {
    const root = testFolder('vouch-check-ruby-');
    writeFileSync(join(root, 'a.rb'), 'system(ARGV[0])\n');
    const result = await runMain(['check', 'a.rb', '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    expect(result.json<{ status: string; reasons: string[] }>()).toMatchObject({
      status: 'unverified',
      reasons: expect.arrayContaining(['security: nothing checked, the security rules do not read ruby']),
    });
    const text = await runMain(['check', 'a.rb'], { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^verdict: NOT VERIFIED — .*security: nothing checked, the security rules do not read ruby/m,
    );
    // a Python file the rules read still passes
    writeFileSync(join(root, 'ok.py'), 'print(1)\n');
    const python = await runMain(['check', 'ok.py'], { cwd: root });
    expect(python.code, python.stdout).toBe(0);
  });
});
