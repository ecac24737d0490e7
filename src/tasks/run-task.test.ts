import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { TASK_NAMES } from './result-schema.js';
import { lazyTaskNames, loadTaskDefinition, runTask, withinVerdict } from './run-task.js';
import type { TaskHost, TaskName, TaskResult } from './task.js';

/**
 * `runTask` loads each task on its first run (issue 59: `vouch scan` no longer loads every task). The
 * registry the server lists (`index.ts`) and the one runTask loads from name the same tasks, each the
 * same definition, so a face runs the task it would have found in either.
 */
describe('runTask, each task loaded on first use', () => {
  it('knows every task the registry lists, each as the same definition', async () => {
    const { taskDefinition, taskNames } = await import('./index.js');
    expect([...lazyTaskNames()].sort()).toEqual([...taskNames()].sort());
    expect([...lazyTaskNames()].sort()).toEqual([...TASK_NAMES].sort());
    for (const name of taskNames()) {
      const loaded = await loadTaskDefinition(name);
      expect(loaded, name).toBe(taskDefinition(name));
      expect(loaded?.name, name).toBe(name);
    }
  });

  it('says which tasks there are when asked for one that is not', async () => {
    const host: TaskHost = {
      workspaceRoot: '/nowhere',
      config: {},
      model: () => Promise.reject(new Error('no model in this test')),
    };
    const error = await runTask({ name: 'no-such-task' as TaskName, input: {}, host }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe("there is no task 'no-such-task'");
    expect((error as UsageError).hint).toContain('scan');
    expect(await loadTaskDefinition('no-such-task' as TaskName)).toBeUndefined();
  });

  it("validates the task's input before running it", async () => {
    const host: TaskHost = {
      workspaceRoot: '/nowhere',
      config: {},
      model: () => Promise.reject(new Error('no model in this test')),
    };
    await expect(runTask({ name: 'scan', input: { files: 'not a list' }, host })).rejects.toThrow(
      /invalid input for scan/,
    );
  });
});

describe('confidence within the verdict (r40 lies 15 and 18)', () => {
  it('lowers any confidence beside a NOT VERIFIED verdict, and leaves pass and fail as they are', () => {
    const resultWith = (status: string, confidence: 'low' | 'medium' | 'high') =>
      ({
        confidence,
        verification: {
          status,
          checks: [],
          reasons: ['tests could not run: go is not installed'],
          confidenceReasons: [],
        },
      }) as unknown as TaskResult;
    const go = resultWith('unverified', 'medium');
    withinVerdict(go);
    expect(go.confidence).toBe('low');
    expect(go.verification.confidenceReasons.at(-1)).toMatch(
      /^not verified \(tests could not run.*\): confidence low, not medium$/,
    );
    const high = resultWith('unverified', 'high');
    withinVerdict(high);
    expect(high.confidence).toBe('low');
    for (const status of ['pass', 'fail']) {
      const kept = resultWith(status, 'high');
      withinVerdict(kept);
      expect(kept.confidence).toBe('high');
    }
  });
});
