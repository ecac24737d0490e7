import type { SqlExecutor } from './sql-database.js';

/**
 * Request counting for rate limits that hold across server processes: one row per key (a token) with
 * the count of the current fixed window and of the one before; the limit is checked against the
 * sliding-window estimate `previous × (share of the previous window still in the last minute) + current`.
 * One statement per request, the same SQL in SQLite and PostgreSQL: an upsert that rolls the windows
 * over, counts the request only when it is allowed, and returns the counts. All SET expressions read the
 * row as it was (both databases define it so), hence the repeated rollover expressions. A process whose
 * clock is behind the row's window counts into the newest window rather than moving it back.
 */

/** the previous window's count, after rolling over to the request's window */
const PREVIOUS = `case
  when rate_limits.window_index >= excluded.window_index then rate_limits.previous_count
  when rate_limits.window_index = excluded.window_index - 1 then rate_limits.current_count
  else 0 end`;
/** the current window's count before this request, after rolling over */
const CURRENT = `case when rate_limits.window_index >= excluded.window_index then rate_limits.current_count else 0 end`;
/**
 * weights are in thousandths so that the comparison is integer arithmetic in both databases, in 64 bits
 * (a limit of ten million a minute is 10^10 thousandths: past PostgreSQL's `integer`)
 */
const WITHIN = `(${PREVIOUS}) * cast(? as bigint) + ((${CURRENT}) + 1) * cast(1000 as bigint) <= cast(? as bigint)`;

const TAKE = `insert into rate_limits (limit_key, window_index, current_count, previous_count, allowed)
  values (?, ?, 1, 0, 1)
  on conflict (limit_key) do update set
    previous_count = ${PREVIOUS},
    current_count = case when ${WITHIN} then (${CURRENT}) + 1 else ${CURRENT} end,
    allowed = case when ${WITHIN} then 1 else 0 end,
    window_index = case when rate_limits.window_index > excluded.window_index
      then rate_limits.window_index else excluded.window_index end
  returning current_count, previous_count, allowed`;

export interface RateLimitTake {
  /** which fixed window the request falls in (e.g. the minute since the epoch) */
  window: number;
  /** the previous window's share of the sliding window, in thousandths (1000 at a window's start) */
  previousWeight: number;
  /** requests allowed per window */
  limit: number;
}

export interface RateLimitCount {
  allowed: boolean;
  /** this window's allowed requests (this one included when allowed) */
  current: number;
  previous: number;
}

export async function takeRateLimit(
  db: SqlExecutor,
  key: string,
  take: RateLimitTake,
): Promise<RateLimitCount> {
  const weight = Math.max(0, Math.min(1000, Math.round(take.previousWeight)));
  const bound = take.limit * 1000;
  const row = await db.get<{ current_count: number; previous_count: number; allowed: number }>(TAKE, [
    key,
    take.window,
    weight,
    bound,
    weight,
    bound,
  ]);
  if (!row) throw new Error('the rate-limit counter returned no row');
  return {
    allowed: Number(row.allowed) === 1,
    current: Number(row.current_count),
    previous: Number(row.previous_count),
  };
}
