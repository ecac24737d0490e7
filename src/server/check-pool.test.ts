import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckDeadlineError, CheckPool } from './check-pool.js';

/**
 * The pool's deadline, in-process: a run not answered by its deadline fails with CheckDeadlineError (the
 * route answers "not verified" with its message) and its worker is never reused: the next run starts
 * another. A 50 ms deadline is shorter than a worker's start (it loads the check task's modules), so every
 * run here is past it whatever the machine's load. The checks themselves on a worker, and the server's
 * thread free meanwhile, are test/server/check-worker.test.ts (the built server).
 */
const root = mkdtempSync(join(tmpdir(), 'vouch-check-pool-'));
const pool = new CheckPool({ workspaceRoot: root, config: {}, deadlineMs: 50 });

afterAll(async () => {
  await pool.close();
  rmSync(root, { recursive: true, force: true });
});

describe('CheckPool', () => {
  it('answers a run past its deadline with the reason, and replaces its worker', async () => {
    const input = { code: 'x = 1\n', language: 'python', path: '<generated>' };
    const first = await pool.run('check', input).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(CheckDeadlineError);
    expect((first as Error).message).toBe('not verified: the check took longer than 0.05 s and was stopped');
    expect(pool.workersStarted()).toBe(1);
    const second = await pool.run('check', input).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(CheckDeadlineError);
    // the first worker still held its run: a new one took the second
    expect(pool.workersStarted()).toBe(2);
  }, 30_000);

  it('refuses a run once closed', async () => {
    const closed = new CheckPool({ workspaceRoot: root, config: {} });
    await closed.close();
    await expect(closed.run('check', { code: '', language: 'python' })).rejects.toThrow(/closed/);
  });
});
