import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suiteCacheEnv } from './suite-caches.js';
import { removeFolder } from './test-folders.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** what `vouch serve --json` printed when it was listening */
  info: Record<string, unknown>;
  stderr(): string;
  /** resolves with the exit code (or signal) when the process has ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the built `vouch serve --port 0 --json` in `cwd` and waits until it listens. Its fresh home is
 * removed when the process has ended (servers outlive a test: a file's `beforeAll` starts them).
 */
export function startServeProcess(
  cwd: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<ServeProcess> {
  const home = mkdtempSync(join(tmpdir(), 'vouch-home-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      OLLAMA_HOST: '127.0.0.1:9',
      HF_ENDPOINT: 'http://127.0.0.1:9',
      NO_COLOR: '1',
      ...suiteCacheEnv(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      removeFolder(home);
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vouch serve did not start:\n${stderr}`));
    }, 30_000);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      try {
        const info = JSON.parse(stdout) as Record<string, unknown>;
        clearTimeout(timer);
        if (typeof info.url !== 'string') {
          reject(new Error(`vouch serve did not start: ${stdout}\n${stderr}`));
          return;
        }
        resolve({ child, url: String(info.url), info, stderr: () => stderr, exited });
      } catch {
        // the JSON object is not complete yet
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`vouch serve exited (${code}) before listening:\n${stderr}`));
    });
  });
}

/** Asks `url`'s `/v1/health` every 25 ms until `pending` settles; the waits, in milliseconds. */
export async function healthWaits(url: string, pending: Promise<unknown>): Promise<number[]> {
  let settled = false;
  void pending.finally(() => {
    settled = true;
  });
  const waits: number[] = [];
  while (!settled) {
    const started = performance.now();
    const health = await fetch(`${url}/v1/health`);
    await health.text();
    waits.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return waits;
}
