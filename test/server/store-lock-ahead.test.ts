import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../support/serve-process.js';
import { testFolder } from '../support/test-folders.js';

/**
 * w220 (a hostile round on w210's store lock): a lock beside the user's store records dated ahead of the
 * clock (written before the clock was set back, or by a machine sharing the home whose clock runs ahead),
 * naming a process that is alive, never aged into a stale one: `vouch serve` waited on it for good, saying
 * nothing. Through the built CLI: it must start as it does with no lock (startServeProcess waits 30 s).
 */
let server: ServeProcess | undefined;
afterEach(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  server = undefined;
});

it('vouch serve starts past a store-records lock dated tomorrow whose named process is alive', async () => {
  const workspace = testFolder('vouch-lock-ahead-ws-');
  mkdirSync(join(workspace, '.git'));
  const state = testFolder('vouch-lock-ahead-state-');
  const lock = join(state, 'vouch', 'server-stores.json.lock');
  mkdirSync(join(state, 'vouch'), { recursive: true, mode: 0o700 });
  // this test's own process: alive for as long as the server starts
  writeFileSync(lock, `${process.pid}\n`, { mode: 0o600 });
  const tomorrow = new Date(Date.now() + 86_400_000);
  utimesSync(lock, tomorrow, tomorrow);
  server = await startServeProcess(workspace, { XDG_STATE_HOME: state });
  const health = await fetch(`${server.url}/v1/health`);
  expect(health.status).toBe(200);
}, 60_000);
