import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from './availability.js';
import { createWarmPool } from './warm-pool.js';

const available = (await sandboxAvailability()).available;

describe.skipIf(!available)('createWarmPool', () => {
  it('runs Python programs concurrently, each with clean state, its own scratch dir and stdin', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 2 });
    try {
      const source =
        'import os, sys\nLEAK = globals().get("LEAK", 0) + 1\nopen("mine.txt", "w").write("x")\nprint(LEAK, sorted(os.listdir(".")), os.getcwd() == os.environ["HOME"], sys.stdin.read(), __name__)\n';
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          pool.run({ source, stdin: `in${index}`, files: { 'extra.txt': 'e' } }),
        ),
      );
      results.forEach((result, index) => {
        expect(result.status).toBe('ok');
        expect(result.stdout.trim()).toBe(`1 ['extra.txt', 'main.py', 'mine.txt'] True in${index} __main__`);
      });
    } finally {
      await pool.close();
    }
  });

  it('reports exit codes, exceptions and per-job timeouts', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1, limits: { wallMs: 5_000 } });
    try {
      expect(await pool.run({ source: 'raise SystemExit(7)' })).toMatchObject({
        status: 'failed',
        exitCode: 7,
      });
      const error = await pool.run({ source: 'def f():\n    raise ValueError("boom")\nf()\n' });
      expect(error).toMatchObject({ status: 'failed', exitCode: 1 });
      expect(error.stderr).toMatch(/ValueError: boom/);
      expect(error.stderr).not.toMatch(/worker\.py/);
      expect(await pool.run({ source: 'import time\ntime.sleep(10)', timeoutMs: 300 })).toMatchObject({
        status: 'timeout',
      });
      expect(await pool.run({ source: 'print("still fine")' })).toMatchObject({
        status: 'ok',
        stdout: 'still fine\n',
      });
    } finally {
      await pool.close();
    }
  });

  it('runs an urgent job before the queued ones that are not, after the urgent ones queued before it', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1 });
    try {
      const order: string[] = [];
      const job = (name: string, urgent?: boolean) =>
        pool
          .run({ source: `print(${JSON.stringify(name)})`, ...(urgent ? { urgent } : {}) })
          .then((result) => order.push(result.stdout.trim()));
      // the first one holds the only worker while the others queue
      const running = pool
        .run({ source: 'import time\ntime.sleep(0.5)\nprint("running")' })
        .then((result) => order.push(result.stdout.trim()));
      await Promise.all([running, job('a'), job('b'), job('u1', true), job('c'), job('u2', true)]);
      expect(order).toEqual(['running', 'u1', 'u2', 'a', 'b', 'c']);
    } finally {
      await pool.close();
    }
  });

  it('rejects new jobs after close', async () => {
    const pool = await createWarmPool({ runtime: 'python', size: 1 });
    await pool.close();
    await expect(pool.run({ source: 'print(1)' })).rejects.toThrow(/closed/);
  });
});
