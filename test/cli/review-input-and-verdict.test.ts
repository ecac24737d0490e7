import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, VOUCH_BIN } from '../support/run-cli.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w166 (review r39 of w162): a CRLF patch is read as the patch it is; a symbolic link is not read as code;
 * the text's verdict says what the exit code says under `--fail-on`; Ctrl-C at any moment of a review asked
 * for JSON prints JSON, exit 130, and a review cut short is not verified.
 */

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

const BEFORE =
  'import os\nimport sys\n\n\ndef listing(name):\n    os.system("ls")\n\n\nlisting(sys.argv[1])\n';
const AFTER = BEFORE.replace('os.system("ls")', 'os.system("ls " + name)');

/** A repository with `app.py` committed as BEFORE and changed to AFTER in the working tree. */
function changedRepository(): string {
  const root = testFolder('vouch-review-mends-');
  writeFileSync(join(root, 'app.py'), BEFORE);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'app');
  writeFileSync(join(root, 'app.py'), AFTER);
  return root;
}

interface Review {
  notes: string[];
  verification: { status: string; reasons: string[] };
  details: { comments: { file: string; line: number; ruleId: string; severity: string }[] };
  exitCode: number;
}

const GATE_ONLY = ['review', '--no-model-review'];
const summary = (output: Review) =>
  output.details.comments.map(
    (comment) => `${comment.file}:${comment.line}:${comment.ruleId}:${comment.severity}`,
  );

describe('vouch review: patches, links and verdicts (review r39)', () => {
  it('reads a patch saved with CRLF line ends as the same patch: the file at hand, no made-up undefined name', async () => {
    const root = changedRepository();
    const patch = git(root, 'diff');
    writeFileSync(join(root, 'lf.patch'), patch);
    writeFileSync(join(root, 'crlf.patch'), patch.replace(/\n/g, '\r\n'));
    const lf = await runCli([...GATE_ONLY, '--patch', 'lf.patch', '--json'], { cwd: root });
    const crlf = await runCli([...GATE_ONLY, '--patch', 'crlf.patch', '--json'], { cwd: root });
    expect(crlf.code, crlf.stderr).toBe(1);
    expect(summary(crlf.json<Review>())).toEqual(summary(lf.json<Review>()));
    expect(summary(crlf.json<Review>())).toContain('app.py:6:command-injection:high');
    expect(crlf.json<Review>().notes.join('\n')).not.toContain('not at hand');
  });

  it('names a symbolic link as unread, never reading its target path (or a file outside the repository) as code', async () => {
    const root = changedRepository();
    git(root, 'checkout', '-q', 'app.py');
    symlinkSync('app.py', join(root, 'link.py'));
    symlinkSync('/etc/passwd', join(root, 'out.py'));
    writeFileSync(join(root, 'ok.py'), 'print(1)\n');
    git(root, 'add', '-A');
    const result = await runCli([...GATE_ONLY, '--staged', '--json'], { cwd: root });
    const output = result.json<Review>();
    expect(output.details.comments.filter((comment) => comment.file !== 'ok.py')).toEqual([]);
    const note = output.notes.find((entry) => entry.startsWith('the security gate did not read:'));
    expect(note).toContain('link.py (a symbolic link: its target is not read)');
    expect(note).toContain('out.py (a symbolic link: its target is not read)');
    expect(result.code, result.stderr).toBe(0);
    // links alone: nothing checked, not verified
    git(root, 'reset', '-q', 'ok.py');
    const links = await runCli([...GATE_ONLY, '--staged', '--json'], { cwd: root });
    expect(links.code).toBe(1);
    expect(links.json<Review>().verification.status).toBe('unverified');
  });

  it('says in text what the exit code says under --fail-on: passed below it, failed at it', async () => {
    const root = changedRepository();
    const critical = await runCli([...GATE_ONLY, '--fail-on', 'critical'], { cwd: root });
    expect(critical.code, critical.stderr).toBe(0);
    expect(critical.stdout).toContain('passed at --fail-on critical: no comment is critical or worse');
    expect(critical.stdout).not.toMatch(/FAILED|BLOCKED/);
    const none = await runCli([...GATE_ONLY, '--fail-on', 'none'], { cwd: root });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('passed (--fail-on none)');
    const high = await runCli(GATE_ONLY, { cwd: root });
    expect(high.code).toBe(1);
    expect(high.stdout).toMatch(/BLOCKED|FAILED/);
    // a low comment alone (no test touches the change) fails at --fail-on low, and the text says so
    writeFileSync(join(root, 'app.py'), `${BEFORE}print("done")\n`);
    const low = await runCli([...GATE_ONLY, '--fail-on', 'low'], { cwd: root });
    expect(low.code).toBe(1);
    expect(low.stdout).toContain('FAILED at --fail-on low: a comment is low or worse');
  });

  /** Whether a process runs whose parent is `pid`. */
  function hasChild(pid: number): boolean {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) return true;
      } catch {
        // it ended while being read
      }
    }
    return false;
  }

  /**
   * Starts a review asked for JSON, presses Ctrl-C `afterMs` after its first child process (git, then the
   * gate's scanners) starts: the command runs by then.
   */
  function interrupted(root: string, afterMs: number): Promise<{ code: number | null; stdout: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [VOUCH_BIN, ...GATE_ONLY, '--format', 'json'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      const poll = setInterval(() => {
        if (child.pid === undefined || !hasChild(child.pid)) return;
        clearInterval(poll);
        setTimeout(() => child.kill('SIGINT'), afterMs);
      }, 5);
      child.on('close', (code) => {
        clearInterval(poll);
        resolve({ code, stdout });
      });
    });
  }

  it('Ctrl-C while the review runs, at once or 1.5 s later, prints JSON, exit 130; an interrupted review is not verified', async () => {
    const root = changedRepository();
    for (const afterMs of [0, 1500]) {
      const result = await interrupted(root, afterMs);
      expect(result.code, `${afterMs} ms: ${result.stdout}`).toBe(130);
      const output = JSON.parse(result.stdout) as Partial<Review> & { error?: { exitCode: number } };
      expect(output.exitCode ?? output.error?.exitCode, `${afterMs} ms`).toBe(130);
      if (output.verification) expect(output.verification.status).toBe('unverified');
    }
  });
});
