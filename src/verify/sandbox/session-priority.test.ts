import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startModuleWorker } from '../../core/module-worker.js';
import { sandboxAvailability } from './availability.js';
import { runInSandbox } from './run-in-sandbox.js';

const available = (await sandboxAvailability()).available;
/** the kernel groups sessions for scheduling (CONFIG_SCHED_AUTOGROUP) */
const autogroups = existsSync('/proc/self/autogroup');

/**
 * Prints the program's nice value (field 19 of its own /proc/PID/stat) and its session's group's, once
 * the group's is no longer 0 or after 2.5 s: the kernel may refuse a change for 100 ms at a time
 * (session-priority.ts), so the change may come a little after the program started.
 */
const PROGRAM = [
  'group() { read -r line < /proc/self/autogroup; echo "${line##* }"; }',
  'i=0; while [ "$(group)" = 0 ] && [ "$i" -lt 25 ]; do sleep 0.1; i=$((i + 1)); done',
  'read -r stat < /proc/self/stat; rest=${stat##*) }; set -- $rest',
  'echo "nice ${17} group $(group)"',
].join('\n');

const fields = (printed: string) => {
  const [, nice, group] = /^nice (-?\d+) group (-?\d+)$/m.exec(printed) ?? [];
  return { nice: Number(nice), group: Number(group) };
};

describe.skipIf(!available || process.platform !== 'linux' || !autogroups)(
  "a background thread's sandboxes (issue 60)",
  () => {
    it("run at the thread's lower priority in their own session too; its urgent ones and a one-shot command's keep theirs", async () => {
      const worker = startModuleWorker(
        new URL('./__fixtures__/background-thread-sandbox.ts', import.meta.url),
        { workerData: PROGRAM },
      );
      const oneShot = runInSandbox({ command: ['bash', '-c', PROGRAM] });
      try {
        const [reported] = (await once(worker, 'message')) as [
          { thread: number; background: string; urgent: string },
        ];
        const processNice = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);
        expect(reported.thread).toBe(Math.min(19, processNice + 10));
        // the whole gate's mypy: the thread's nice value, and its session's group at that value too
        expect(fields(reported.background)).toEqual({ nice: reported.thread, group: reported.thread });
        // the quick checks' compile, from the same thread: its session's group stays at 0
        expect(fields(reported.urgent).group).toBe(0);
        // `vouch check`: neither lowered
        expect(fields((await oneShot).stdout)).toEqual({ nice: processNice, group: 0 });
      } finally {
        await worker.terminate();
      }
    }, 60_000);
  },
);
