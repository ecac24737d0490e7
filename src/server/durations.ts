import { UsageError } from '../core/errors.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * A point in time from `--since` / `--older-than`: an age (`90d`, `12h`, `2w`, `30m`) counted back from
 * `now`, or an ISO date or date-time. As ISO-8601 UTC text, the form the store compares.
 */
export function pointInTime(flag: string, value: string, now: number = Date.now()): string {
  const age = value.trim().match(/^(\d+)\s*([mhdw])$/);
  if (age) return new Date(now - Number(age[1]) * UNITS[age[2]!]!).toISOString();
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) {
    const time = Date.parse(value.trim());
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  throw new UsageError(`${flag} '${value}' is neither an age nor a date`, {
    hint: `write an age like 90d, 12h, 2w or 30m, or a date like 2026-01-31`,
  });
}
