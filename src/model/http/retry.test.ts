import { describe, expect, it, vi } from 'vitest';
import { isModelError, ModelError } from '../model-error.js';
import { type RetryEvent, withRetry } from './retry.js';
import { parseRetryAfter } from './retry-after.js';

const fast = { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 4, maxTotalWaitMs: 1_000 };
const retryable = (retryAfterMs?: number) =>
  new ModelError('rate-limit', 'slow down', { hint: 'wait', retryAfterMs });

describe('Retry-After', () => {
  it('reads milliseconds, seconds and HTTP-dates', () => {
    const now = Date.parse('Sat, 21 Nov 2026 12:00:00 GMT');
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250' }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), now)).toBe(3_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sat, 21 Nov 2026 12:00:07 GMT' }), now)).toBe(7_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sat, 21 Nov 2026 11:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('retries retryable errors with growing delays, then gives up', async () => {
    const events: RetryEvent[] = [];
    let calls = 0;
    const error = await withRetry({
      attempt: async () => {
        calls++;
        throw retryable();
      },
      options: fast,
      signal: undefined,
      onRetry: (event) => events.push(event),
    }).catch((caught: unknown) => caught);
    expect(isModelError(error, 'rate-limit')).toBe(true);
    expect(calls).toBe(4);
    expect(events.map((event) => event.attempt)).toEqual([1, 2, 3]);
    for (const event of events) expect(event.delayMs).toBeLessThanOrEqual(4);
  });

  it('never retries what a retry cannot fix', async () => {
    let calls = 0;
    await expect(
      withRetry({
        attempt: async () => {
          calls++;
          throw new ModelError('authentication', 'bad key', { hint: 'set the key' });
        },
        options: fast,
      }),
    ).rejects.toMatchObject({ kind: 'authentication' });
    expect(calls).toBe(1);
  });

  it('gives up when Retry-After exceeds the total wait budget', async () => {
    let calls = 0;
    await expect(
      withRetry({
        attempt: async () => {
          calls++;
          throw retryable(60_000);
        },
        options: fast,
      }),
    ).rejects.toMatchObject({ retryAfterMs: 60_000 });
    expect(calls).toBe(1);
  });

  it('stops waiting at once when aborted', async () => {
    // on fake time: a loaded machine cannot stretch the wait, and the 5 s Retry-After never passes unless
    // the wait outlives the abort
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const started = Date.now();
      const retried = withRetry({
        attempt: async () => {
          throw retryable(5_000);
        },
        options: { ...fast, maxTotalWaitMs: 10_000 },
        signal: controller.signal,
      });
      const outcome = expect(retried).rejects.toMatchObject({ kind: 'aborted' });
      await vi.advanceTimersByTimeAsync(30);
      // a wait that went on past the abort ends at its Retry-After: fake time runs to it, and on
      await vi.runAllTimersAsync();
      await outcome;
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      vi.useRealTimers();
    }
  });
});
