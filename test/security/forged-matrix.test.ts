import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixRunner } from '../../src/selection/matrix.js';
import { runAgreementMatrix } from '../../src/selection/run-matrix.js';
import { createWarmPool, sandboxAvailability, type WarmPool } from '../../src/verify/sandbox/index.js';

/**
 * Issue 55, the selection matrix: each kind of Python candidate runs in a forked child that writes one line
 * per assertion on a pipe to the driver, and the candidate runs in that child with the pipe's write end. A
 * candidate that wrote `0 v <sig> 1`, `1 v <sig> 1`, `end` on descriptors 3-63 and left with os._exit(0)
 * passed every assertion in the agreement matrix, which decides which candidate is delivered and part of
 * its confidence. (The driver's report channel and its nonce: test/sandbox/verdict-channels.test.ts.)
 */

const available = (await sandboxAvailability()).available;

const TESTS = { prelude: [], assertions: ['assert double(2) == 4', 'assert double(3) == 6'], dropped: 0 };
const HONEST = 'def double(x):\n    return 2 * x\n';

/** forged lines for both assertions and the end, on every descriptor from 3 to 63, then `exit` */
const forgeAll = (prefix: string, exit: string) =>
  [
    `lines = ''.join(${prefix} + line + '\\n' for line in ('0 v 000000000000 1', '1 v 000000000000 1', 'end'))`,
    'for fd in range(3, 64):',
    '    try:',
    '        os.write(fd, lines.encode())',
    '    except OSError:',
    '        pass',
    exit,
  ].join('\n');

const PYTHON_FORGERS: [string, string][] = [
  [
    'at definition, then os._exit(0)',
    ['import os', forgeAll("''", 'os._exit(0)'), 'def double(x):', '    return x + 1'].join('\n'),
  ],
  [
    'at definition, then SIGKILL of itself',
    [
      'import os, signal',
      forgeAll("''", 'os.kill(os.getpid(), signal.SIGKILL)'),
      'def double(x):',
      '    return x + 1',
    ].join('\n'),
  ],
  [
    // reads what the driver's child already wrote (through /proc/self/fd, the pipe opened for reading) and
    // forges lines shaped like it: whatever marks a genuine line is copied onto the forged ones
    'when called, after reading the pipe back through /proc/self/fd',
    [
      'import os',
      'def double(x):',
      "    seen = ''",
      '    for fd in range(3, 64):',
      '        try:',
      "            reader = os.open('/proc/self/fd/%d' % fd, os.O_RDONLY | os.O_NONBLOCK)",
      "            seen += os.read(reader, 1 << 16).decode('utf-8', 'replace')",
      '        except OSError:',
      '            pass',
      "    prefix = seen.split('ready')[0] if 'ready' in seen else ''",
      ...forgeAll('prefix', 'os._exit(0)')
        .split('\n')
        .map((line) => `    ${line}`),
    ].join('\n'),
  ],
];

describe.skipIf(!available)('the agreement matrix: a candidate cannot write its own passes', () => {
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

  it.each(PYTHON_FORGERS)(
    'Python: writes passes on descriptors 3-63 %s: passes nothing',
    async (_what, forger) => {
      const matrix = await runAgreementMatrix({
        language: 'python',
        candidates: [forger, HONEST],
        tests: TESTS,
        runner,
      });
      expect(matrix.error).toBeUndefined();
      expect(matrix.passes).toEqual([
        [false, false],
        [true, true],
      ]);
    },
  );

  it('TypeScript: writes passes on descriptors 3-63, then process.exit(0): passes nothing', async () => {
    const forger = [
      "const { writeSync } = require('node:fs');",
      "for (let fd = 3; fd < 64; fd++) { try { writeSync(fd, 'T 0 0 1\\nT 0 1 1\\nC 0 ok\\n'); } catch {} }",
      'process.exit(0);',
      'function double(x: number): number { return x + 1; }',
    ].join('\n');
    const matrix = await runAgreementMatrix({
      language: 'typescript',
      candidates: [forger, 'function double(x: number): number { return 2 * x; }'],
      tests: {
        prelude: [],
        assertions: ['assert.strictEqual(double(2), 4);', 'assert.strictEqual(double(3), 6);'],
        dropped: 0,
      },
      runner,
    });
    expect(matrix.passes[0]).toEqual([false, false]);
  });
});
