import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { cannotRunAsUser, prepareUserMirror, type UserMirror } from '../support/as-user.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * A checkout vouch cannot write (a read-only mount, a tree of someone else's): every command that asks a
 * model used to exit 2 with "EROFS/ENOENT mkdir .vouch" after the model had answered, throwing the answer
 * away. Now the workspace's state goes to `$XDG_CACHE_HOME/vouch/workspaces/…`, and every answer is shown.
 * Two ways of being read-only: a real read-only bind mount (root only: CI runs as root), and permissions
 * (run as an ordinary user, where the permissions hold).
 */

const sandbox = await sandboxAvailability();
const fake = await fakeProvidersForFile();
const root = process.getuid?.() === 0;
const made: string[] = [];
const mounts: string[] = [];
let mirror: UserMirror | undefined;

afterAll(() => {
  for (const mount of mounts) execFileSync('umount', [mount]);
  mirror?.cleanup();
  for (const dir of made) {
    execFileSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

const CALC = 'def mean(values):\n    return sum(values) / len(values) + 1\n';
const TESTS = 'from calc import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n';
const FILES = {
  'vouch.toml': '',
  'calc.py': CALC,
  'tests/test_calc.py': TESTS,
  'shop.py': 'def total(items):\n    \n\n\ndef empty():\n    return []\n',
};
const FIX = [
  '`mean` adds 1.',
  '',
  '```diff',
  '--- a/calc.py',
  '+++ b/calc.py',
  '@@ -1,2 +1,2 @@',
  ' def mean(values):',
  '-    return sum(values) / len(values) + 1',
  '+    return sum(values) / len(values)',
  '```',
].join('\n');

type Run = (
  args: string[],
  options: { cwd: string; env: Record<string, string> },
) => Promise<{ code: number | null; stdout: string; stderr: string }>;

function project(owner?: { uid: number; gid: number }): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-read-only-'));
  made.push(dir);
  writeFiles(dir, FILES);
  if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dir]);
  return dir;
}

/** Every command that asks a model, in a workspace it cannot write; the state found in `cacheHome`. */
async function everyCommand(run: Run, workspace: string, cacheHome: string): Promise<void> {
  // the user's state dir (the chat history's) inside the cache home given: a folder this user may write
  const stateHome = join(cacheHome, 'state');
  const env = { OPENAI_BASE_URL: fake.openAiUrl, XDG_CACHE_HOME: cacheHome, XDG_STATE_HOME: stateHome };
  const model = ['--model', 'openai:gpt-4o-mini'];
  const json = (result: { code: number | null; stdout: string; stderr: string }) => {
    expect(result.code, `${result.stdout}\n${result.stderr}`).not.toBe(2);
    return JSON.parse(result.stdout);
  };

  fake.script('/v1/chat/completions', { text: '```python\ndef double(x):\n    return 2 * x\n```\n' });
  const generated = json(
    await run(['generate', 'double a number', '--file', 'util.py', ...model, '--json'], {
      cwd: workspace,
      env,
    }),
  );
  expect(generated.generated_code).toContain('return 2 * x');

  fake.script('/v1/completions', { text: 'return sum(items)\n' });
  const completed = json(
    await run(['complete', 'shop.py:2:5', '--model', 'openai:qwen2.5-coder-1.5b', '--json'], {
      cwd: workspace,
      env,
    }),
  );
  expect(completed.completion).toBe('return sum(items)');

  json(await run(['scan', '--no-external', '--json'], { cwd: workspace, env }));

  fake.script('/v1/chat/completions', { text: 'Use a dict.' });
  const turn = json(
    await run(['chat', '--print', 'how do I count words?', ...model, '--json'], { cwd: workspace, env }),
  );
  expect(turn.reply).toBe('Use a dict.');

  fake.script('/v1/chat/completions', { text: FIX });
  const debugged = await run(
    ['debug', ...model, '--json', '--repair', '0', '--', 'pytest', 'tests/test_calc.py'],
    {
      cwd: workspace,
      env,
    },
  );
  expect(debugged.code, `${debugged.stdout}\n${debugged.stderr}`).toBe(0);
  expect(JSON.parse(debugged.stdout).details.fixed).toBe(true);

  // nothing was written in the checkout; the state is in the cache dir, keyed by the workspace
  expect(existsSync(join(workspace, '.vouch'))).toBe(false);
  const workspaces = readdirSync(join(cacheHome, 'vouch', 'workspaces'));
  expect(workspaces).toHaveLength(1);
  expect(workspaces[0]).toMatch(new RegExp(`^${basename(workspace)}-[0-9a-f]{16}$`));
  const state = readdirSync(join(cacheHome, 'vouch', 'workspaces', workspaces[0]!));
  expect(state).toEqual(expect.arrayContaining(['server.db']));
  // the chat history is the user's, in their state dir under the same key
  expect(existsSync(join(stateHome, 'vouch', 'workspaces', workspaces[0]!, 'chat.db'))).toBe(true);
}

describe.skipIf(!sandbox.available)('a read-only checkout', () => {
  it('a read-only bind mount: every command answers, state in $XDG_CACHE_HOME/vouch', async (context) => {
    if (!root) {
      if (process.env.CI === 'true')
        throw new Error('CI runs as root: the read-only bind mount must be tested');
      return context.skip('a bind mount needs root (the chmod variant runs as this user)');
    }
    const source = project();
    const mountPoint = mkdtempSync(join(tmpdir(), 'vouch-ro-mount-'));
    made.push(mountPoint);
    execFileSync('mount', ['--bind', source, mountPoint]);
    mounts.push(mountPoint);
    execFileSync('mount', ['-o', 'remount,ro,bind', mountPoint]);
    const workspace = mountPoint;
    const cacheHome = mkdtempSync(join(tmpdir(), 'vouch-ro-cache-'));
    made.push(cacheHome);
    // `main` in-process (test/support/run-main.ts): the mount is what is under test here; the processes of
    // an ordinary user are the next test's
    await everyCommand(runMain, workspace, cacheHome);
  }, 600_000);

  it('a checkout without write permission, as an ordinary user', async () => {
    let run: Run;
    let owner: { uid: number; gid: number } | undefined;
    let cacheHome: string;
    const reason = cannotRunAsUser();
    if (root && !reason) {
      mirror = prepareUserMirror();
      const user = mirror;
      owner = { uid: user.uid, gid: user.gid };
      run = (args, options) =>
        user.run([join(user.root, 'bin', 'vouch.js'), ...args], { ...options, timeoutMs: 150_000 });
      cacheHome = join(user.home, 'cache');
      mkdirSync(cacheHome);
      chownSync(cacheHome, user.uid, user.gid);
    } else {
      run = (args, options) => runCli(args, { ...options, timeoutMs: 150_000 });
      cacheHome = mkdtempSync(join(tmpdir(), 'vouch-ro-cache-'));
      made.push(cacheHome);
    }
    const workspace = project(owner);
    // the owner's own tree, made read-only: every folder and file without write permission
    execFileSync('chmod', ['-R', 'a-w', workspace]);
    chmodSync(workspace, 0o555);
    await everyCommand(run, workspace, cacheHome);
  }, 600_000);
});
