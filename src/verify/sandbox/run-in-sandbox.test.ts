import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../core/errors.js';
import { sandboxAvailability } from './availability.js';
import { runInSandbox } from './run-in-sandbox.js';

const available = (await sandboxAvailability()).available;

describe.skipIf(!available)('runInSandbox', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'vouch-sandbox-project-'));
    mkdirSync(join(project, 'pkg'));
    writeFileSync(join(project, 'pkg', 'existing.py'), 'VALUE = "original"\n');
    writeFileSync(join(project, 'README.md'), 'readme\n');
    // the project stays private (0700, as mkdtemp makes it), with a file only its owner may read
    writeFileSync(join(project, 'pkg', 'private.py'), 'TOKEN_NAME = "owner-only"\n', { mode: 0o600 });
    writeFileSync(join(project, '.env'), 'API_KEY=sk-test-not-for-the-sandbox\n');
    mkdirSync(join(project, 'deploy'));
    writeFileSync(join(project, 'deploy', 'server.key'), 'KEY\n');
    writeFileSync(join(project, 'deploy', 'settings.py'), 'DEBUG = False\n');
    mkdirSync(join(project, '.git'));
    writeFileSync(
      join(project, '.git', 'config'),
      '[remote "origin"]\n  url = https://user:ghp_token@example.com/x.git\n',
    );
    writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(join(project, 'node_modules', 'certs'), { recursive: true });
    writeFileSync(join(project, 'node_modules', 'certs', 'ca.pem'), 'CA\n');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('runs a command with its files, stdin and a clean environment in /sandbox', async () => {
    const result = await runInSandbox({
      command: ['python3', 'main.py'],
      files: {
        'main.py':
          'import os, sys\nprint(os.getcwd(), os.environ["HOME"], os.environ.get("EXTRA"), sys.stdin.read())\n',
        'data/x.txt': 'x',
      },
      stdin: 'from-stdin',
      env: { EXTRA: 'given' },
    });
    expect(result).toMatchObject({ status: 'ok', exitCode: 0, sandboxed: true, truncated: false });
    expect(result.stdout.trim()).toBe('/sandbox /sandbox given from-stdin');
  });

  it('reports a failing program with its exit code and stderr', async () => {
    const result = await runInSandbox({
      command: ['python3', '-c', 'import sys; sys.stderr.write("bad"); sys.exit(4)'],
    });
    expect(result).toMatchObject({ status: 'failed', exitCode: 4, stderr: 'bad' });
  });

  it('runs a program given more than 1,024 work-dir files, each where it belongs', async () => {
    // the launcher polls its descriptor with bash's `read -t 0`, which is select(): a descriptor numbered
    // past FD_SETSIZE (1024) aborts bash, and the program never ran (SIGABRT: `killed`)
    const files: Record<string, string> = {};
    for (let index = 0; index < 1_030; index++) files[`f${index}.txt`] = `${index}\n`;
    const result = await runInSandbox({
      command: ['sh', '-c', 'ls /sandbox | wc -l; cat f0.txt f1029.txt'],
      files,
    });
    expect(result).toMatchObject({ status: 'ok', exitCode: 0, stderr: '' });
    expect(result.stdout.split('\n').map((line) => line.trim())).toEqual(['1030', '0', '1029', '']);
  });

  it('mounts the project read-only, with overlay files laid over it and the user files untouched', async () => {
    const result = await runInSandbox({
      command: [
        'python3',
        '-c',
        `import sys; sys.path.insert(0, ${JSON.stringify(project)})\nfrom pkg import existing, generated\nprint(existing.VALUE, generated.VALUE)\nprint(open(${JSON.stringify(join(project, 'README.md'))}).read().strip())\ntry:\n    open(${JSON.stringify(join(project, 'README.md'))}, 'w').write('overwritten')\nexcept OSError as e:\n    print('read-only', e.errno)\n`,
      ],
      projectDir: project,
      overlay: { 'pkg/generated.py': 'VALUE = "generated"\n', 'pkg/existing.py': 'VALUE = "replaced"\n' },
    });
    expect(result.status).toBe('ok');
    expect(result.stdout).toContain('replaced generated');
    expect(result.stdout).toContain('readme');
    expect(result.stdout).toContain('read-only 30');
    expect(readFileSync(join(project, 'pkg', 'existing.py'), 'utf8')).toBe('VALUE = "original"\n');
    expect(existsSync(join(project, 'pkg', 'generated.py'))).toBe(false);
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toBe('readme\n');
  });

  it("lays an overlay over the project's own file in place (its folder not opened): neighbours seen, file untouched", async () => {
    const result = await runInSandbox({
      command: [
        'python3',
        '-c',
        `import sys; sys.path.insert(0, ${JSON.stringify(project)})\nfrom pkg import existing, private\nprint(existing.VALUE, private.TOKEN_NAME)\ntry:\n    open(${JSON.stringify(join(project, 'pkg', 'existing.py'))}, 'w').write('overwritten')\nexcept OSError as e:\n    print('read-only', e.errno)\n`,
      ],
      projectDir: project,
      overlay: { 'pkg/existing.py': 'VALUE = "replaced"\n' },
    });
    expect(result.status).toBe('ok');
    expect(result.stdout).toContain('replaced owner-only');
    expect(result.stdout).toContain('read-only 30');
    expect(readFileSync(join(project, 'pkg', 'existing.py'), 'utf8')).toBe('VALUE = "original"\n');
  });
  it('rejects overlay paths that leave the project', async () => {
    await expect(
      runInSandbox({ command: ['true'], projectDir: project, overlay: { '../escape.py': 'x' } }),
    ).rejects.toThrow(/inside the project/);
  });

  it('reads a private project (0700 folder, 0600 file) as an unprivileged uid, and as root holds no privilege', async () => {
    const result = await runInSandbox({
      command: [
        'python3',
        '-c',
        `import os, sys\nsys.path.insert(0, ${JSON.stringify(project)})\nfrom pkg import private\nprint(private.TOKEN_NAME, os.getuid() != 0, os.access(private.__file__, os.R_OK))\nprint([l.split()[1] for l in open('/proc/self/status') if l.startswith(('CapPrm', 'CapEff', 'CapBnd'))])\n`,
      ],
      projectDir: project,
    });
    expect(result.status).toBe('ok');
    expect(result.stdout).toContain('owner-only True True');
    // as root: CAP_DAC_READ_SEARCH alone (bit 2), in the sandbox's own namespace, permitted, effective and
    // bounding (not the launcher's CAP_KILL, nor setpriv's CAP_SETUID/SETGID); as a user: nothing held
    expect(result.stdout).toMatch(
      process.getuid?.() === 0
        ? /\['0000000000000004', '0000000000000004', '0000000000000004'\]/
        : /\['0000000000000000', '0000000000000000', '[0-9a-f]{16}'\]/,
    );
  });

  it('hides secrets files and .git: opening one gives "no such file"', async () => {
    const paths = [
      '.env',
      'deploy/server.key',
      '.git/config',
      'deploy/settings.py',
      '.git/HEAD',
      'node_modules/certs/ca.pem',
    ];
    const result = await runInSandbox({
      command: [
        'python3',
        '-c',
        `import os\nfor p in ${JSON.stringify(paths)}:\n    try:\n        open(os.path.join(${JSON.stringify(project)}, p)).read()\n        print('read', p)\n    except OSError as e:\n        print('missing' if e.errno == 2 else 'error', p)\nprint(sorted(os.listdir(${JSON.stringify(project)})))\n`,
      ],
      projectDir: project,
      overlay: { 'deploy/generated.py': 'X = 1\n' },
    });
    expect(result.status).toBe('ok');
    expect(result.stdout).toContain('missing .env');
    expect(result.stdout).toContain('missing deploy/server.key');
    expect(result.stdout).toContain('missing .git/config');
    expect(result.stdout).toContain('read deploy/settings.py');
    // all of .git: its objects hold every file ever committed (issue 55)
    expect(result.stdout).toContain('missing .git/HEAD');
    // dependencies are other people's code, not the user's secrets
    expect(result.stdout).toContain('read node_modules/certs/ca.pem');
    expect(result.stdout).not.toContain("'.env'");
    expect(result.stdout + result.stderr).not.toContain('sk-test-not-for-the-sandbox');
    expect(result.stdout + result.stderr).not.toContain('ghp_token');
  });

  it('refuses new user namespaces inside the sandbox (seccomp)', async () => {
    const result = await runInSandbox({ command: ['unshare', '--user', '--map-root-user', 'true'] });
    expect(result.status).toBe('failed');
    expect(result.stderr).toMatch(/Operation not permitted/);
  });

  it('cancels a run through its AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runInSandbox({ command: ['sleep', '30'], signal: controller.signal });
    expect(result.status).toBe('killed');
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('gives Node a heap limit so exhaustion is reported as memory', async () => {
    const result = await runInSandbox({
      command: ['node', '-e', 'const a = []; for (;;) a.push(new Array(1e5).fill(1))'],
      limits: { memoryMb: 64, wallMs: 20_000 },
    });
    expect(result.status).toBe('memory');
  });
});

describe('runInSandbox without a sandbox', () => {
  it('runs unsandboxed only when asked, and says so', async () => {
    const result = await runInSandbox({ command: ['python3', '-c', 'print(40 + 2)'], unsafeNoSandbox: true });
    expect(result).toMatchObject({ status: 'ok', sandboxed: false });
    expect(result.stdout.trim()).toBe('42');
    expect(result.reason).toMatch(/WITHOUT a sandbox/);
  });

  it('never overlays the project without a sandbox', async () => {
    await expect(
      runInSandbox({
        command: ['true'],
        projectDir: tmpdir(),
        overlay: { 'x.py': '' },
        unsafeNoSandbox: true,
      }),
    ).rejects.toBeInstanceOf(EnvironmentError);
  });
});
