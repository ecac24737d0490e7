import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { startServeProcess } from '../support/serve-process.js';
import { tempProject } from '../support/temp-project.js';

/**
 * Attack (r41): a repository ships its `.vouch/server.db`, made with `vouch token create --admin` by its
 * author. Whoever runs `vouch serve` in a clone must not serve the author's users and tokens: a store that
 * vouch did not make for this user (tracked by git, readable by others, owned by someone else) is refused
 * before it is opened, and the user's own store, made there afterwards, serves as before.
 */

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=a', ...args], {
    cwd,
    stdio: 'pipe',
  });

/** The author's project with the store of `vouch token create --admin`, and the admin token it holds. */
async function authorsProject(): Promise<{ root: string; token: string }> {
  const root = tempProject(
    'vouch-store-author-',
    { 'app/calc.py': 'def add(a, b):\n    return a + b\n' },
    made,
  );
  const created = await runCli(['token', 'create', '--user', 'mallory', '--admin', '--json'], { cwd: root });
  expect(created.code, created.stderr).toBe(0);
  return { root, token: created.json<{ token: string }>().token };
}

/** `vouch serve` in `cwd`: refused (its exit code and stderr), or, when it serves, what the token gets. */
async function serve(cwd: string, token: string) {
  const started = await startServeProcess(cwd).catch((error: Error) => error);
  if (started instanceof Error) return { refused: started.message };
  try {
    const users = await fetch(`${started.url}/v1/admin/users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { adminUsers: users.status };
  } finally {
    started.child.kill('SIGTERM');
    await started.exited;
  }
}

describe('a server store that came with the repository', () => {
  it('is refused in a git clone (exit 2, naming the file); the user’s own store made there serves', async () => {
    const author = await authorsProject();
    git(author.root, 'init', '-q');
    git(author.root, 'add', '-A', '-f');
    git(author.root, 'commit', '-q', '-m', 'app');
    const parent = tempProject('vouch-store-clone-', {}, made);
    const clone = join(parent, 'app');
    git(parent, 'clone', '-q', author.root, clone);
    // the premise: the clone has the author's store, as git checks files out
    git(clone, 'ls-files', '--error-unmatch', '.vouch/server.db');

    const served = await serve(clone, author.token);
    expect(served).not.toHaveProperty('adminUsers');
    expect(served.refused).toMatch(/"exitCode": 2/);
    expect(served.refused).toContain(join(clone, '.vouch', 'server.db'));
    expect(served.refused).toMatch(/readable or writable by others|tracked by git/);

    // the hint's way out: the file deleted and out of git's index (a store of the user's at a tracked path
    // would be committed with the next `git commit -a`); then the user's own store, made by this vouch,
    // serves, and the author's token is nobody there
    rmSync(join(clone, '.vouch'), { recursive: true, force: true });
    git(clone, 'rm', '-q', '-r', '--cached', '.vouch');
    const own = await runCli(['token', 'create', '--user', 'me', '--admin', '--json'], { cwd: clone });
    expect(own.code, own.stderr).toBe(0);
    expect(await serve(clone, own.json<{ token: string }>().token)).toEqual({ adminUsers: 200 });
    expect(await serve(clone, author.token)).toEqual({ adminUsers: 401 });
  });

  it('is refused when git tracks it, even at 0600 (a checkout under umask 077)', async () => {
    const author = await authorsProject();
    git(author.root, 'init', '-q');
    git(author.root, 'add', '-A', '-f');
    git(author.root, 'commit', '-q', '-m', 'app');
    const served = await serve(author.root, author.token);
    expect(served.refused).toMatch(/"exitCode": 2/);
    expect(served.refused).toContain('is tracked by git');
  });

  it('is refused when it came unpacked from an archive (0644, not in git)', async () => {
    const author = await authorsProject();
    const unpacked = join(tempProject('vouch-store-archive-', {}, made), 'app');
    cpSync(author.root, unpacked, { recursive: true });
    chmodSync(join(unpacked, '.vouch', 'server.db'), 0o644);
    const served = await serve(unpacked, author.token);
    expect(served.refused).toMatch(/"exitCode": 2/);
    expect(served.refused).toContain('is readable or writable by others (mode 644)');
    expect(served.refused).toContain('chmod 600');
  });

  it('is refused when unpacked under umask 077 (0600, the user’s, not in git): no record names it (r43)', async () => {
    const author = await authorsProject();
    const unpacked = join(tempProject('vouch-store-archive-', {}, made), 'app');
    cpSync(author.root, unpacked, { recursive: true });
    chmodSync(join(unpacked, '.vouch', 'server.db'), 0o600);
    const served = await serve(unpacked, author.token);
    expect(served).not.toHaveProperty('adminUsers');
    expect(served.refused).toMatch(/"exitCode": 2/);
    expect(served.refused).toContain('was not made by your vouch');
    expect(served.refused).toContain('vouch serve --adopt-store');
  });

  it('serves the user’s own older store once adopted (`vouch serve --adopt-store`)', async () => {
    const root = tempProject(
      'vouch-store-older-',
      { 'app/calc.py': 'def add(a, b):\n    return a + b\n' },
      made,
    );
    // an older vouch recorded nothing: the store is made with its record kept elsewhere
    const elsewhere = tempProject('vouch-store-other-state-', {}, made);
    const created = await runCli(['token', 'create', '--user', 'me', '--admin', '--json'], {
      cwd: root,
      env: { XDG_STATE_HOME: elsewhere },
    });
    expect(created.code, created.stderr).toBe(0);
    const token = created.json<{ token: string }>().token;
    expect((await serve(root, token)).refused).toContain('was not made by your vouch');
    const adopted = await startServeProcess(root, {}, ['--adopt-store']);
    adopted.child.kill('SIGTERM');
    await adopted.exited;
    expect(await serve(root, token)).toEqual({ adminUsers: 200 });
  });
});
