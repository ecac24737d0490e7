import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { VOUCH_BIN } from '../support/run-cli.js';

/**
 * Ctrl-C ends every long-running command with 130 within about a second, whatever it was doing (the
 * limits below leave room for a loaded machine: a command gets 0.7 s to stop on its own, then vouch exits).
 */
const sandbox = await sandboxAvailability();

/**
 * How long after Ctrl-C a command whose work would run on for a minute or more may take to end: vouch exits
 * 0.7 s after it at the latest (signals.ts), but a loaded machine stretched that past the 2.5 s this was
 * (start-up, a sandbox's teardown). Only a command Ctrl-C did not stop trips it: the looping program runs
 * to its 60 s timeout, change's test sleeps 120 s, chat's reply stalls for good. The cases whose work may
 * end sooner on its own (check, scan, index) keep `SOON_MS`: a longer bound could pass a Ctrl-C ignored.
 */
const STOPPED_WITHIN_MS = 15_000;
const SOON_MS = 2_500;
let fake: FakeProviders;
let workspace: string;

beforeAll(async () => {
  fake = await startFakeProviders();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-interrupt-'));
  writeFileSync(join(workspace, 'vouch.toml'), '[model]\nchat = "ollama:qwen2.5-coder:7b"\n');
  writeFileSync(join(workspace, 'loop.py'), 'while True:\n    pass\n');
  writeFileSync(join(workspace, 'calc.py'), 'def add(a, b):\n    return a + b\n');
  writeFileSync(
    join(workspace, 'test_calc.py'),
    'import time\nfrom calc import add\n\n\ndef test_add():\n    time.sleep(120)\n    assert add(1, 2) == 3\n',
  );
  for (let index = 0; index < 1500; index++)
    writeFileSync(
      join(workspace, `module_${index}.py`),
      `import subprocess\n\n\ndef run_${index}(cmd):\n    return subprocess.call(cmd, shell=True)\n`,
    );
});
afterAll(async () => {
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});

/** A project of its own with the shared workspace's `vouch.toml` and `files`, without its 1,500 modules. */
function smallProject(files: string[]): string {
  const project = mkdtempSync(join(tmpdir(), 'vouch-interrupt-small-'));
  for (const file of ['vouch.toml', ...files])
    writeFileSync(join(project, file), readFileSync(join(workspace, file)));
  return project;
}

/** Whether a process below `root` (its children, theirs, …) runs a command line that matches `command`. */
function runsBelow(root: number, command: RegExp): boolean {
  const parents = new Map<number, number>();
  const lines = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the parent is the 4th field of stat, after the command in parentheses
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      lines.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // it ended while being read
    }
  }
  for (const [pid, line] of lines) {
    if (!command.test(line)) continue;
    for (let up = parents.get(pid); up !== undefined && up > 1; up = parents.get(up))
      if (up === root) return true;
  }
  return false;
}

/**
 * Starts the command, presses Ctrl-C `afterMs` after `ready` appears on stderr or stdout, or after a
 * process of `running`'s command line runs below it (polled), or else `afterMs` after the start; times the
 * exit.
 */
function interrupt(
  args: string[],
  options: { afterMs: number; ready?: RegExp; running?: RegExp; cwd?: string },
): Promise<{ code: number | null; signal: string | null; exitMs: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VOUCH_BIN, ...args], {
      cwd: options.cwd ?? workspace,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: workspace,
        NO_COLOR: '1',
        OLLAMA_HOST: fake.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sentAt = 0;
    const press = () => {
      if (sentAt) return;
      sentAt = Date.now();
      child.kill('SIGINT');
    };
    let stdout = '';
    const check = () => {
      if (options.ready?.test(stderr + stdout)) setTimeout(press, options.afterMs);
    };
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      check();
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      check();
    });
    let poll: NodeJS.Timeout | undefined;
    if (options.running) {
      const running = options.running;
      poll = setInterval(() => {
        if (child.pid === undefined || !runsBelow(child.pid, running)) return;
        clearInterval(poll);
        setTimeout(press, options.afterMs);
      }, 50);
    } else if (!options.ready) setTimeout(press, options.afterMs);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, exitMs: Date.now() - sentAt, stderr });
    });
  });
}

describe('Ctrl-C', () => {
  it.runIf(sandbox.available)(
    'ends sandbox run of a program that loops (exit 130, within a second)',
    async () => {
      // pressed once the program runs in the sandbox (it was a fixed 3 s after the start, which in the
      // folder of 1,500 modules came before the sandbox had started it: 4 s to start in a small project,
      // 27 s in that folder, at a load of 21), in a small project of its own
      const project = smallProject(['loop.py']);
      try {
        const result = await interrupt(['sandbox', 'run', 'loop.py', '--timeout', '60'], {
          afterMs: 200,
          // python itself, not bwrap (whose command line ends with the same words)
          running: /^(\S*\/)?python3(\.\d+)? .*\/loop\.py /,
          cwd: project,
        });
        expect(result.code, result.stderr).toBe(130);
        expect(result.exitMs).toBeLessThan(STOPPED_WITHIN_MS);
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    },
  );

  it.runIf(sandbox.available)('ends check while its tests run', async () => {
    // a project of its own: in the shared one, mypy and flake8 went through the 1,500 modules scan and
    // index need before the tests started (≈ 8 s of a quiet machine, 50 s of a loaded one)
    const project = smallProject(['calc.py', 'test_calc.py']);
    try {
      const result = await interrupt(['check', 'calc.py', '--test', 'test_calc.py', '--json'], {
        afterMs: 500,
        ready: /"done":5/,
        cwd: project,
      });
      expect(result.code, result.stderr).toBe(130);
      expect(result.exitMs).toBeLessThan(SOON_MS);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('ends chat --print while the reply streams', async () => {
    fake.script('/api/chat', { deltas: ['one ', 'two ', 'three'], fault: 'stall', cutAfter: 1 });
    const result = await interrupt(['chat', '--print', 'hello', '--no-context'], {
      afterMs: 300,
      ready: /one /,
    });
    expect(result.code, result.stderr).toBe(130);
    expect(result.exitMs).toBeLessThan(STOPPED_WITHIN_MS);
  });

  it.runIf(existsSync('/usr/bin/bandit'))('ends scan while Bandit runs over a large folder', async () => {
    const result = await interrupt(['scan', '--no-cache', '--json'], {
      afterMs: 300,
      ready: /"event":"progress"/,
    });
    expect(result.code, result.stderr).toBe(130);
    expect(result.exitMs).toBeLessThan(SOON_MS);
  });

  it.runIf(sandbox.available)(
    'ends change --apply while the suite runs, and writes no file (issue 61)',
    async () => {
      // a small project of its own, whose one test sleeps for two minutes: Ctrl-C lands while it runs
      const project = mkdtempSync(join(tmpdir(), 'vouch-interrupt-change-'));
      const calc = 'def add(a, b):\n    return a + b\n';
      writeFileSync(join(project, 'vouch.toml'), '');
      writeFileSync(join(project, 'calc.py'), calc);
      writeFileSync(
        join(project, 'test_calc.py'),
        'import time\nfrom calc import add\n\n\ndef test_add():\n    time.sleep(120)\n    assert add(1, 2) == 3\n',
      );
      const answer = [
        '```diff',
        '--- a/calc.py',
        '+++ b/calc.py',
        '@@ -1,2 +1,6 @@',
        ' def add(a, b):',
        '     return a + b',
        '+',
        '+',
        '+def sub(a, b):',
        '+    return a - b',
        '```',
        '```diff',
        '--- /dev/null',
        '+++ b/test_sub.py',
        '@@ -0,0 +1,5 @@',
        '+from calc import sub',
        '+',
        '+',
        '+def test_sub():',
        '+    assert sub(3, 1) == 2',
        '```',
      ].join('\n');
      fake.script('/api/chat', { text: answer });
      try {
        const result = await interrupt(
          [
            'change',
            'add sub(a, b) to calc',
            '--file',
            'calc.py',
            '--apply',
            '--model',
            'ollama:qwen2.5-coder:7b',
          ],
          { afterMs: 500, ready: /vouch: run: .*before and after/, cwd: project },
        );
        expect(result.stderr).toMatch(/vouch: run: .*before and after/);
        expect(result.code, result.stderr).toBe(130);
        expect(result.exitMs).toBeLessThan(STOPPED_WITHIN_MS);
        expect(readFileSync(join(project, 'calc.py'), 'utf8')).toBe(calc);
        expect(existsSync(join(project, 'test_sub.py'))).toBe(false);
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    },
    180_000,
  );

  it('ends index of a large folder', async () => {
    const result = await interrupt(['index', '--json'], { afterMs: 100, ready: /"event":"progress"/ });
    expect(result.code, result.stderr).toBe(130);
    expect(result.exitMs).toBeLessThan(SOON_MS);
  });
});
