import { describe, expect, it } from 'vitest';
import { nameDistance } from './name-distance.js';

/** The plain dynamic programme with swaps (no bound), to compare the bounded one with. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

describe('nameDistance', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(nameDistance('modle', 'model')).toBe(1);
    expect(nameDistance('parseDaet', 'parseDate')).toBe(1);
    expect(nameDistance('arange', 'arrange')).toBe(1);
    expect(nameDistance('', 'abc')).toBe(3);
    expect(nameDistance('Model', 'model')).toBe(1);
  });

  it('stops past the bound with max + 1, and agrees with the unbounded count below it', () => {
    const words = [
      'model',
      'modle',
      'models',
      'budget',
      'bugdet',
      'timeout',
      'temperature',
      'tempreature',
      'x',
      '',
    ];
    for (const a of words)
      for (const b of words)
        for (const max of [0, 1, 2, 3]) {
          const exact = reference(a, b);
          expect(nameDistance(a, b, max), `${a} → ${b}, max ${max}`).toBe(exact <= max ? exact : max + 1);
        }
  });
});
