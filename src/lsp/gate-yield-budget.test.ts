import { afterEach, describe, expect, it, vi } from 'vitest';
import { pauseExtendedBudget } from './gate-yield.js';

/**
 * Issue 60: the time a whole gate's processes spend paused for completions is not counted against its
 * budget (server.ts): under steady completions a gate needing more than half its budget of its own time
 * was stopped as "did not complete". Fake timers; the paused milliseconds are what `GateYield.pausedMs`
 * would say (gate-yield.test.ts sees it count real pauses).
 */
describe('a whole gate’s budget does not count its pauses', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is spent after its own time when nothing paused', () => {
    vi.useFakeTimers();
    let over = 0;
    pauseExtendedBudget({ budgetMs: 50_000, pausedMs: () => 1_000, onOver: () => over++ });
    vi.advanceTimersByTime(49_999);
    expect(over).toBe(0);
    vi.advanceTimersByTime(1);
    expect(over).toBe(1);
  });

  it('grants the paused time that fell inside the run, and what was paused during that', () => {
    vi.useFakeTimers();
    // paused before the run began: not the run's
    let paused = 7_000;
    let over = 0;
    pauseExtendedBudget({ budgetMs: 50_000, pausedMs: () => paused, onOver: () => over++ });
    vi.advanceTimersByTime(30_000);
    paused += 20_000;
    vi.advanceTimersByTime(20_000);
    // 50 s have passed, 20 of them paused: 20 s more
    expect(over).toBe(0);
    vi.advanceTimersByTime(10_000);
    paused += 5_000;
    vi.advanceTimersByTime(10_000);
    // and the 5 s paused in those 20
    expect(over).toBe(0);
    vi.advanceTimersByTime(4_999);
    expect(over).toBe(0);
    vi.advanceTimersByTime(1);
    expect(over).toBe(1);
    vi.advanceTimersByTime(100_000);
    expect(over).toBe(1);
  });

  it('is cancelled by what it returns', () => {
    vi.useFakeTimers();
    let paused = 0;
    let over = 0;
    const cancel = pauseExtendedBudget({ budgetMs: 1_000, pausedMs: () => paused, onOver: () => over++ });
    paused = 500;
    vi.advanceTimersByTime(1_000);
    // cancelled while extended: the granted time's timer goes too
    cancel();
    vi.advanceTimersByTime(10_000);
    expect(over).toBe(0);
  });
});
