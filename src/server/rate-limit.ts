import type { ServerStore } from '../store/record/server-store.js';

/**
 * Requests per minute per token. Two limiters with one interface:
 * - `createSharedRateLimiter` counts in the store, one statement per request, so that several server
 *   processes on one PostgreSQL enforce one limit together (the limit holds however requests are spread
 *   over them). A sliding window: the count of this minute plus the share of the previous minute still
 *   inside the last sixty seconds. Refused requests are not counted, so a client over the limit still
 *   gets the limit's worth through.
 * - `createRateLimiter` keeps a token bucket in the process: for SQLite, whose file one server process
 *   serves (a write per request there would cost a disk sync each).
 */
export interface RateLimiter {
  /** undefined when the request may go ahead, else the seconds until it may */
  take(key: string): Promise<number | undefined>;
}

const WINDOW_MS = 60_000;

/** The limiter a server on this store should use: shared on PostgreSQL, in the process on SQLite. */
export function rateLimiterFor(store: ServerStore, perMinute: number): RateLimiter {
  return store.dialect === 'postgres'
    ? createSharedRateLimiter(store, perMinute)
    : createRateLimiter(perMinute);
}

export function createSharedRateLimiter(
  store: Pick<ServerStore, 'takeRateLimit'>,
  perMinute: number,
  now: () => number = Date.now,
): RateLimiter {
  return {
    async take(key) {
      const time = now();
      const window = Math.floor(time / WINDOW_MS);
      const elapsed = (time - window * WINDOW_MS) / WINDOW_MS;
      const count = await store.takeRateLimit(key, {
        window,
        previousWeight: Math.round((1 - elapsed) * 1000),
        limit: perMinute,
      });
      if (count.allowed) return undefined;
      // when the estimate falls to the limit again: later in this window as the previous one's share
      // shrinks, or in the next window as this one's does
      let waitMs: number;
      if (count.current + 1 <= perMinute && count.previous > 0) {
        const share = (perMinute - count.current - 1) / count.previous;
        waitMs = (1 - share - elapsed) * WINDOW_MS;
      } else {
        const share = count.current > 0 ? Math.max(0, (perMinute - 1) / count.current) : 1;
        waitMs = (1 - elapsed) * WINDOW_MS + (1 - share) * WINDOW_MS;
      }
      return Math.max(1, Math.ceil(waitMs / 1000));
    },
  };
}

export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / WINDOW_MS;
  return {
    async take(key) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: time };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (time - bucket.at) * perMs);
      bucket.at = time;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return undefined;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}
