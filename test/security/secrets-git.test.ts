import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { forgetHiddenFiles } from '../../src/verify/sandbox/hidden-files.js';
import { runInSandbox } from '../../src/verify/sandbox/run-in-sandbox.js';
import { listWorkspaceFiles } from '../../src/workspace/files.js';
import { resolveWorkspacePath, WorkspacePathError } from '../../src/workspace/resolve-path.js';
import { runCli } from '../support/run-cli.js';

// Made up, assembled at run time so that no scanner takes this file for a leak.
const DEPLOY_TOKEN = ['ghp_', 'R7xK2mV9pL4qW8zT3nB6yH1jD5fC0sA2gE7u'].join('');
const ENV_SECRET = ['sk-test-', 'not-for-anyone-9f8K2'].join('');

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'vouch-secrets-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      cwd: project,
      stdio: 'pipe',
    });
  git('init', '-q');
  git('remote', 'add', 'origin', `https://deploy:${DEPLOY_TOKEN}@git.example.com/app.git`);
  writeFileSync(join(project, 'app.py'), 'def add(a, b):\n    return a + b\n');
  // committed, then deleted: it lives on in .git/objects
  writeFileSync(join(project, '.env'), `API_KEY=${ENV_SECRET}\n`);
  git('add', '-f', 'app.py', '.env');
  git('commit', '-q', '-m', 'first');
  unlinkSync(join(project, '.env'));
  git('rm', '-q', '--cached', '.env');
  git('commit', '-q', '-m', 'remove the env file');
  // a committed symbolic link into .git, and hard links to a secrets file and to the server's store
  mkdirSync(join(project, 'docs'));
  symlinkSync('../.git/config', join(project, 'docs', 'config.txt'));
  writeFileSync(join(project, '.env.local'), `API_KEY=${ENV_SECRET}\n`);
  linkSync(join(project, '.env.local'), join(project, 'notes.txt'));
  mkdirSync(join(project, '.vouch'), { mode: 0o700 });
  writeFileSync(join(project, '.vouch', 'server.db'), 'tokens of every user\n');
  linkSync(join(project, '.vouch', 'server.db'), join(project, 'db-copy.txt'));
  git('add', 'docs/config.txt', 'notes.txt', 'db-copy.txt');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function refusal(path: string): WorkspacePathError | undefined {
  try {
    resolveWorkspacePath(project, path);
    return undefined;
  } catch (error) {
    if (error instanceof WorkspacePathError) return error;
    throw error;
  }
}

describe('.git and hard links are invisible to the resolver (issue 55)', () => {
  it('refuses git files by name, through a symbolic link, and hard links to secrets files and stores', () => {
    for (const path of ['.git/config', '.git/logs/HEAD', 'docs/config.txt', 'notes.txt', 'db-copy.txt']) {
      const error = refusal(path);
      expect(error, path).toBeDefined();
      expect(error!.reason, path).toBe('secrets');
      expect(error!.message).not.toContain(DEPLOY_TOKEN);
    }
    expect(refusal('app.py')).toBeUndefined();
  });

  it('vouch explain refuses .git/config and a hard link to .env, sending nothing', async () => {
    for (const path of ['.git/config', '.git/logs/HEAD', 'notes.txt']) {
      const result = await runCli(['explain', path, '--lang', 'python', '--model', 'openai:m', '--json'], {
        cwd: project,
        // nothing answers there: a request made would fail differently
        env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-unused' },
      });
      expect(result.code, path).toBe(2);
      expect(result.stdout + result.stderr, path).toMatch(/never reads/);
      expect(result.stdout + result.stderr).not.toContain(DEPLOY_TOKEN);
      expect(result.stdout + result.stderr).not.toContain(ENV_SECRET);
    }
  });

  it('leaves hard links to secrets out of the workspace listing (the index, the context)', async () => {
    const paths = (await listWorkspaceFiles(project)).map((file) => file.path);
    expect(paths).toContain('app.py');
    expect(paths).not.toContain('notes.txt');
    expect(paths).not.toContain('db-copy.txt');
    expect(paths).not.toContain('docs/config.txt');
  });
});

const available = (await sandboxAvailability()).available;

describe.skipIf(!available)('.git and hard links are invisible inside the sandbox (issue 55)', () => {
  it('gives "no such file" for .git (its objects hold the deleted .env) and for hard links to secrets', async () => {
    forgetHiddenFiles(project);
    const result = await runInSandbox({
      command: [
        'python3',
        '-c',
        [
          'import os, zlib',
          `root = ${JSON.stringify(project)}`,
          'found = []',
          "for top, dirs, files in os.walk(os.path.join(root, '.git')):",
          '    for name in files:',
          '        data = open(os.path.join(top, name), "rb").read()',
          '        try: data = zlib.decompress(data)',
          '        except Exception: pass',
          '        found.append(data.decode("latin1"))',
          "for name in ['notes.txt', 'db-copy.txt', 'docs/config.txt']:",
          '    try: found.append(open(os.path.join(root, name)).read())',
          "    except OSError as e: print('missing', name, e.errno)",
          "print('git', os.path.exists(os.path.join(root, '.git')))",
          "print('read', len(found))",
          "print(''.join(found))",
        ].join('\n'),
      ],
      projectDir: project,
    });
    expect(result.status).toBe('ok');
    expect(result.stdout).toContain('git False');
    expect(result.stdout).toContain('missing notes.txt 2');
    expect(result.stdout).toContain('missing db-copy.txt 2');
    expect(result.stdout + result.stderr).not.toContain(ENV_SECRET);
    expect(result.stdout + result.stderr).not.toContain(DEPLOY_TOKEN);
    expect(result.stdout).not.toContain('tokens of every user');
  });
});
