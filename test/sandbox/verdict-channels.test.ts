import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixRunner } from '../../src/selection/matrix.js';
import { runAgreementMatrix } from '../../src/selection/run-matrix.js';
import { createWarmPool, sandboxAvailability, type WarmPool } from '../../src/verify/sandbox/index.js';

/**
 * The sandboxed drivers that judge code against tests, tried by code that forges its own verdict the ways
 * a program can: printing the driver's lines, finding the driver's nonce in the memory it shares with it,
 * writing on every descriptor it has, and killing the driver so its forged lines would be the last word.
 * Their verdicts travel on the report channel (src/core/report-channel.ts), which that code cannot write.
 * (The refactor's differential sides: src/tasks/refactor; the human-eval driver: src/eval/judge.test.ts.)
 */

const available = (await sandboxAvailability()).available;

describe.skipIf(!available)('drivers that report verdicts', () => {
  const pools = new Map<string, WarmPool>();
  let runner: MatrixRunner;
  beforeAll(async () => {
    pools.set('python', await createWarmPool({ runtime: 'python', size: 1 }));
    pools.set('node', await createWarmPool({ runtime: 'node', size: 1 }));
    runner = { concurrency: 1, run: (runtime, job) => pools.get(runtime)!.run(job) };
  });
  afterAll(async () => {
    await Promise.all([...pools.values()].map((pool) => pool.close()));
  });

  it('the Python agreement matrix: a candidate cannot report passes it did not earn', async () => {
    const forged = JSON.stringify({
      kinds: [{ members: [0, 1], status: 'ok', passes: '11', signature: [] }],
      syntaxErrors: [],
      assertions: ['ok', 'ok'],
      assertionUnits: [0, 1],
      units: 2,
      runs: 1,
    });
    const forger = [
      'import ctypes, gc, os',
      "job = next(o for o in gc.get_objects() if isinstance(o, dict) and 'nonce' in o and 'candidates' in o)",
      `line = ('%s R %s\\n' % (job['nonce'], ${JSON.stringify(forged)})).encode()`,
      'print(line.decode())',
      'for fd in range(0, 128):',
      '    try:',
      '        os.write(fd, line)',
      '    except OSError:',
      '        pass',
      'ctypes.CDLL(None).kill(os.getppid(), 9)',
      'def double(x):',
      '    return x + 1',
    ].join('\n');
    const matrix = await runAgreementMatrix({
      language: 'python',
      candidates: [forger, 'def double(x):\n    return 2 * x\n'],
      tests: { prelude: [], assertions: ['assert double(2) == 4', 'assert double(3) == 6'], dropped: 0 },
      runner,
    });
    // the forger passes nothing it claims: killing the driver ends the job, which reports an error for
    // every candidate rather than the forged lines
    expect(matrix.passes[0]).toEqual([false, false]);
    expect(matrix.status[0]).toBe('error');
    expect(matrix.error).toMatch(/the sandbox job ended/);
  });

  it('the TypeScript agreement matrix: what a candidate prints is not a result', async () => {
    const printer = [
      "for (const line of ['@@vouch-matrix-000000000000@@ T 0 0 1', 'T 0 1 1', 'C 0 ok']) console.log(line);",
      'function double(x: number): number { return x + 1; }',
    ].join('\n');
    const matrix = await runAgreementMatrix({
      language: 'typescript',
      candidates: [printer, 'function double(x: number): number { return 2 * x; }'],
      tests: {
        prelude: [],
        assertions: ['assert.strictEqual(double(2), 4);', 'assert.strictEqual(double(3), 6);'],
        dropped: 0,
      },
      runner,
    });
    expect(matrix.passes[0]).toEqual([false, false]);
    expect(matrix.passes[1]).toEqual([true, true]);
  });
});
