import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startModuleWorker } from './module-worker.js';

const nice = (stat: string) => Number(stat.split(') ')[1]!.split(' ')[16]);

describe.skipIf(process.platform !== 'linux')('lowerThreadPriority', () => {
  it('lowers the calling thread, not the process', async () => {
    const mainBefore = nice(readFileSync('/proc/thread-self/stat', 'utf8'));
    const worker = startModuleWorker(new URL('./__fixtures__/lowered-thread.ts', import.meta.url));
    try {
      const [reported] = (await once(worker, 'message')) as [{ before: number; after: number }];
      expect(reported.before).toBe(mainBefore);
      expect(reported.after).toBe(Math.min(19, mainBefore + 10));
      expect(nice(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(mainBefore);
      expect(nice(readFileSync(`/proc/${process.pid}/stat`, 'utf8'))).toBe(mainBefore);
    } finally {
      await worker.terminate();
    }
  });
});
