import { execFileSync } from 'node:child_process';
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
    // as root the sandbox reads the project as an unprivileged uid
    execFileSync('chmod', ['-R', 'a+rX', project]);
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

  it('rejects overlay paths that leave the project', async () => {
    await expect(
      runInSandbox({ command: ['true'], projectDir: project, overlay: { '../escape.py': 'x' } }),
    ).rejects.toThrow(/inside the project/);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'as root, refuses a project the unprivileged sandbox user cannot read, saying how to fix it',
    async () => {
      const hidden = mkdtempSync(join(tmpdir(), 'vouch-private-'));
      try {
        await expect(runInSandbox({ command: ['true'], projectDir: hidden })).rejects.toThrow(/cannot read/);
      } finally {
        rmSync(hidden, { recursive: true, force: true });
      }
    },
  );

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
