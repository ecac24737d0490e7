import { afterEach, describe, expect, it } from 'vitest';
import { admitSandbox, sandboxLoad, setSandboxCapacity } from '../../src/verify/sandbox/admission.js';

/**
 * Issue 60: the language server's whole gate on a few files opened took every sandbox place for seconds
 * (mypy, flake8, Bandit), and the next file's quick checks (Python's compiler on the buffer) waited behind
 * all of it — 11 s to that file's first diagnostics on a busy machine. A run someone waits for now is
 * urgent: it waits ahead of the runs nobody waits for, and a few may run beyond the count cap; the memory
 * cap still holds for it.
 */

afterEach(() => setSandboxCapacity({}));

/** Resolves to the order in which `admitted` promises settle. */
function order(entries: [string, Promise<() => void>][]): string[] {
  const settled: string[] = [];
  for (const [name, admitted] of entries) void admitted.then(() => settled.push(name));
  return settled;
}

describe('sandbox admission: urgent runs', () => {
  it('admits an urgent run beyond the count cap while the places are taken', async () => {
    setSandboxCapacity({ sandboxes: 2, memoryMb: 10_000 });
    const releases = [await admitSandbox(100), await admitSandbox(100)];
    const background = admitSandbox(100);
    let backgroundIn = false;
    void background.then(() => {
      backgroundIn = true;
    });
    const urgent = await admitSandbox(100, undefined, true);
    expect(sandboxLoad()).toMatchObject({ running: 3, waiting: 1 });
    await Promise.resolve();
    expect(backgroundIn).toBe(false);
    urgent();
    for (const release of releases) release();
    (await background)();
    expect(sandboxLoad()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('queues urgent runs ahead of the runs that are not, in their own order', async () => {
    setSandboxCapacity({ sandboxes: 1, memoryMb: 10_000 });
    const first = await admitSandbox(100);
    // the extra places taken too: every later run waits
    const extra = [await admitSandbox(100, undefined, true), await admitSandbox(100, undefined, true)];
    const entries: [string, Promise<() => void>][] = [
      ['background 1', admitSandbox(100)],
      ['urgent 1', admitSandbox(100, undefined, true)],
      ['background 2', admitSandbox(100)],
      ['urgent 2', admitSandbox(100, undefined, true)],
    ];
    const settled = order(entries);
    const releases = [first, ...extra];
    // each release admits the next in line, one at a time (running goes back under the cap each time)
    for (const release of releases) release();
    // released as they are admitted: the urgent ones first, else this would wait for ever
    for (const name of ['urgent 1', 'urgent 2', 'background 1', 'background 2'])
      (await entries.find(([entry]) => entry === name)![1])();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual(['urgent 1', 'urgent 2', 'background 1', 'background 2']);
  });

  it('keeps the memory cap for urgent runs', async () => {
    setSandboxCapacity({ sandboxes: 4, memoryMb: 1_000 });
    const big = await admitSandbox(900);
    let admitted = false;
    const urgent = admitSandbox(200, undefined, true).then((release) => {
      admitted = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(admitted).toBe(false);
    big();
    (await urgent)();
    expect(admitted).toBe(true);
  });
});
