import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { pointInTime } from './durations.js';

describe('pointInTime', () => {
  const now = Date.parse('2026-03-10T12:00:00.000Z');
  it('counts ages back from now and reads dates', () => {
    expect(pointInTime('--since', '2d', now)).toBe('2026-03-08T12:00:00.000Z');
    expect(pointInTime('--since', '1w', now)).toBe('2026-03-03T12:00:00.000Z');
    expect(pointInTime('--since', '30m', now)).toBe('2026-03-10T11:30:00.000Z');
    expect(pointInTime('--since', '2026-01-31', now)).toBe('2026-01-31T00:00:00.000Z');
  });
  it('refuses anything else, naming the flag', () => {
    expect(() => pointInTime('--older-than', 'last tuesday', now)).toThrow(UsageError);
    expect(() => pointInTime('--older-than', '5y', now)).toThrow(/--older-than/);
  });
});
