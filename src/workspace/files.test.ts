// end-to-end: lists files with git ls-files in real repositories
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject } from '../../test/support/temp-project.js';
import { isSecretsFile, listWorkspaceFiles } from './files.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>): string {
  const root = tempProject('vouch-files-', files, made);
  return root;
}

const sample = {
  'src/app.py': 'def main():\n    pass\n',
  'src/util.ts': 'export const x = 1;\n',
  'README.md': '# hi\n',
  'logs/run.log': 'noise\n',
  'node_modules/left/index.js': 'module.exports = 1;\n',
  '.venv/lib/x.py': 'x = 1\n',
  '.env': 'API_KEY=sk-live-1234\n',
  '.env.production': 'TOKEN=abc\n',
  'deploy/server.pem': '-----BEGIN PRIVATE KEY-----\n',
  'keys/id_rsa': 'secret\n',
  'src/id_utils.py': 'def make_id():\n    return 1\n',
  '.npmrc': '//registry.npmjs.org/:_authToken=abc\n',
  'static/app.min.js': 'var a=1;',
  'static/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
  'data/blob': Buffer.from([1, 2, 0, 3]),
  'package-lock.json': '{}',
  'gen/api_pb2.py': 'x = 1\n',
  'big/huge.txt': 'x'.repeat(2048),
  'secret/notes.md': 'private\n',
  '.gitignore': 'logs/\n*.log\n',
  '.vouchignore': 'secret/\n',
};

const expected = ['.gitignore', '.vouchignore', 'README.md', 'src/app.py', 'src/id_utils.py', 'src/util.ts'];

describe('listWorkspaceFiles', () => {
  it('applies .gitignore, .vouchignore and the built-in exclusions without git', async () => {
    const root = tree(sample);
    const skipped: Record<string, string> = {};
    const files = await listWorkspaceFiles(root, {
      maxFileBytes: 1024,
      onSkip: (path, reason) => {
        skipped[path] = reason;
      },
    });
    expect(files.map((file) => file.path)).toEqual(expected);
    expect(files.find((file) => file.path === 'src/app.py')?.language).toBe('python');
    expect(files.find((file) => file.path === 'README.md')?.language).toBeUndefined();
    expect(skipped['.env']).toBe('secrets');
    expect(skipped['static/logo.png']).toBe('binary');
    expect(skipped['data/blob']).toBe('binary');
    expect(skipped['static/app.min.js']).toBe('generated');
    expect(skipped['big/huge.txt']).toBe('large');
    expect(skipped['secret/notes.md']).toBe('ignored');
  });

  it('looks only at the paths `only` accepts: the others are neither listed nor reported as skipped', async () => {
    const root = tree(sample);
    const skipped: string[] = [];
    const files = await listWorkspaceFiles(root, {
      maxFileBytes: 1024,
      only: (path) => path.endsWith('.py') || path.endsWith('.txt'),
      onSkip: (path) => {
        skipped.push(path);
      },
    });
    expect(files.map((file) => file.path)).toEqual(['src/app.py', 'src/id_utils.py']);
    expect(skipped.sort()).toEqual(['big/huge.txt', 'gen/api_pb2.py']);
  });

  it('neither walks nor lists the folders `leaveOut` names, with git and without (issue 59)', async () => {
    const files = {
      'app/views.py': 'x = 1\n',
      'app/sub/deep.py': 'x = 1\n',
      'application.py': 'x = 1\n',
      'tools/run.py': 'x = 1\n',
    };
    const paths = async (root: string) =>
      (await listWorkspaceFiles(root, { leaveOut: ['app', 'tools/none'] })).map((file) => file.path);
    expect(await paths(tree(files))).toEqual(['application.py', 'tools/run.py']);
    const repository = tree(files);
    execFileSync('git', ['init', '-q'], { cwd: repository });
    execFileSync('git', ['add', 'app/views.py'], { cwd: repository });
    expect(await paths(repository)).toEqual(['application.py', 'tools/run.py']);
    // a nested folder only
    expect(
      (await listWorkspaceFiles(tree(files), { leaveOut: ['app/sub'] })).map((file) => file.path),
    ).toEqual(['app/views.py', 'application.py', 'tools/run.py']);
  });

  it('leaves out a tracked symbolic link that leads out of the workspace or to a secrets file', async () => {
    const root = tree({ 'app/main.py': 'x = 1\n', '.env': 'API_KEY=abc\n' });
    symlinkSync('/etc/shadow', join(root, 'app', 'shadow.py'));
    symlinkSync('../.env', join(root, 'app', 'settings.py'));
    symlinkSync('main.py', join(root, 'app', 'alias.py'));
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '-A'], { cwd: root });
    const skipped: Record<string, string> = {};
    const files = await listWorkspaceFiles(root, {
      onSkip: (path, reason) => {
        skipped[path] = reason;
      },
    });
    // a link to another file of the workspace counts; the others never reach the index or a prompt
    expect(files.map((file) => file.path)).toEqual(['app/alias.py', 'app/main.py']);
    expect(skipped['app/shadow.py']).toBe('link-outside');
    expect(skipped['app/settings.py']).toBe('link');
  });

  it('outside a repository, follows a symbolic link as git would list it, and says which lead out', async () => {
    const outside = tree({ 'lib.py': 'x = 2\n' });
    const root = tree({ 'app/main.py': 'x = 1\n' });
    symlinkSync(join(outside, 'lib.py'), join(root, 'app', 'lib.py'));
    symlinkSync('main.py', join(root, 'app', 'alias.py'));
    symlinkSync(outside, join(root, 'node_modules'));
    const skipped: Record<string, string> = {};
    const files = await listWorkspaceFiles(root, {
      onSkip: (path, reason) => {
        skipped[path] = reason;
      },
    });
    expect(files.map((file) => file.path)).toEqual(['app/alias.py', 'app/main.py']);
    // a vendored folder's name is left out silently, linked or not
    expect(skipped).toEqual({ 'app/lib.py': 'link-outside' });
  });

  it('uses git ls-files inside a repository, untracked files included', async () => {
    const root = tree(sample);
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', 'src/app.py'], { cwd: root });
    // a build/ folder committed to git is source; git decides, not the name
    writeFileSync(join(root, 'src', 'build.py'), 'x = 1\n');
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build', 'setup_helper.py'), 'x = 2\n');
    const files = await listWorkspaceFiles(root, { maxFileBytes: 1024 });
    expect(files.map((file) => file.path)).toEqual(
      [...expected, 'build/setup_helper.py', 'src/build.py'].sort(),
    );
    expect(files[0]!.size).toBeGreaterThan(0);
    expect(files[0]!.absolutePath.startsWith(root)).toBe(true);
  });

  it('starts no git for a folder outside any repository, and still asks git inside one', async () => {
    const bin = tree({});
    const calls = join(bin, 'calls');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    // a `git` first on PATH that notes each call, then runs the real one
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$PWD" >> '${calls}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${path}`;
    try {
      const outside = tree(sample);
      const files = await listWorkspaceFiles(outside, { maxFileBytes: 1024 });
      expect(files.map((file) => file.path)).toEqual(expected);
      expect(existsSync(calls)).toBe(false);
      // the control: a repository's folder (and one inside it) still lists through git
      const repository = tree(sample);
      execFileSync(realGit, ['init', '-q'], { cwd: repository });
      const listed = await listWorkspaceFiles(join(repository, 'src'), { maxFileBytes: 1024 });
      expect(listed.map((file) => file.path)).toEqual(['app.py', 'id_utils.py', 'util.ts']);
      expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
    } finally {
      process.env.PATH = path;
    }
  });

  it('stops when aborted', async () => {
    const root = tree(sample);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(listWorkspaceFiles(root, { signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('isSecretsFile', () => {
  it('recognises credential files by name only', () => {
    for (const path of [
      '.env',
      'app/.env.local',
      'a/b.pem',
      'tls.key',
      'id_ed25519',
      'id_rsa.pub',
      '.npmrc',
      'home/.aws/credentials',
      'credentials.json',
      '.git-credentials',
      'service-account-prod.json',
      'x/.pypirc',
    ]) {
      expect(isSecretsFile(path), path).toBe(true);
    }
    for (const path of [
      'src/env.ts',
      'id_utils.py',
      'keyboard.ts',
      'environment.md',
      'src/secrets_test.py',
    ]) {
      expect(isSecretsFile(path), path).toBe(false);
    }
  });
});
