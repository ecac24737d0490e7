import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suiteCacheEnv } from './suite-caches.js';
import { removeFolder, whenTestFinishes } from './test-folders.js';

/**
 * The CLI as users start it. It loads `dist/`, which the suite's globalSetup (`build-once.ts`) compiles
 * from the current source before any test runs, so every CLI test tests the code as it is now.
 */
export const VOUCH_BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');

/**
 * How long a child still running when its test ends has, after SIGTERM, to stop its own way before SIGKILL:
 * vouch then aborts what it runs (its unsandboxed runs are `detached`, in their own process group, and only
 * vouch stops them and removes their scratch folders) and exits within a second; 5 s leaves room on a
 * loaded machine, under the hook's 10 s.
 */
export const STOP_GRACE_MS = 5_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs `vouch` as a user would (a child process of `bin/vouch.js`, compiled from the current source)
 * with an isolated environment: no host model variables, a fresh HOME (so an empty models cache) and
 * XDG config dir, an OLLAMA_HOST that answers nothing unless the test sets one, and a model hub
 * (HF_ENDPOINT) that answers nothing, so no test ever downloads from the real one. The home is removed
 * when the test has finished (what the run left there can be read until then), the child first stopped
 * if it is still running (SIGTERM, SIGKILL after `STOP_GRACE_MS`); a run outside a test (a benchmark, a
 * `beforeAll`) removes it when it ends.
 */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), 'vouch-home-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    OLLAMA_HOST: '127.0.0.1:9',
    HF_ENDPOINT: 'http://127.0.0.1:9',
    NO_COLOR: '1',
    ...suiteCacheEnv(),
    ...options.env,
  };
  let closed: Promise<void> | undefined;
  let running: (() => void) | undefined;
  const untilTestEnds = whenTestFinishes(async () => {
    running?.();
    await closed;
    removeFolder(home);
  });
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [VOUCH_BIN, ...args], {
      cwd: options.cwd ?? home,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    closed = new Promise((done) => child.on('close', () => done()));
    // a run the test did not wait for is stopped at its end, before its home goes: SIGTERM, so that vouch
    // stops its own children and removes its scratch folders (SIGKILL would leave both), SIGKILL if it hangs
    running = () => {
      child.kill('SIGTERM');
      const stubborn = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      void closed?.then(() => clearTimeout(stubborn));
    };
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // under the per-test limit (120 s): a CLI run on a loaded CI machine takes several times its quiet time
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 100_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      running = undefined;
      closed = undefined;
      if (!untilTestEnds) removeFolder(home);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      running = undefined;
      if (!untilTestEnds) removeFolder(home);
      resolve({
        code,
        stdout,
        stderr,
        durationMs: Date.now() - started,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not one JSON object:\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      });
    });
    child.stdin.end(options.input ?? '');
  });
}
