import { afterEach, describe, expect, it } from 'vitest';
import { installInterruptHandling } from './signals.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const before = SIGNALS.map((signal) => process.listeners(signal));
const added = (index: number) =>
  process.listeners(SIGNALS[index]!).filter((listener) => !before[index]!.includes(listener));

afterEach(() => {
  SIGNALS.forEach((signal, index) => {
    for (const listener of added(index)) process.off(signal, listener);
  });
});

describe("the CLI's Ctrl-C handling", () => {
  it('is installed once however often asked, and again after a process that runs main twice took it off', () => {
    installInterruptHandling();
    installInterruptHandling();
    expect(added(0)).toHaveLength(1);
    expect(added(1)).toHaveLength(1);
    // what test/support/run-main.ts does after each run
    SIGNALS.forEach((signal, index) => {
      for (const listener of added(index)) process.off(signal, listener);
    });
    installInterruptHandling();
    expect(added(0)).toHaveLength(1);
    expect(added(1)).toHaveLength(1);
  });
});
