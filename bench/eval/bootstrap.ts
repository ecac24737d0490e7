/**
 * Seeded resampling for the selection benchmarks: a figure with its interval can be made again exactly.
 */
export type Random = () => number;

/** mulberry32: a small 32-bit generator, uniform in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Interval {
  /** the observed mean difference */
  mean: number;
  /** the 2.5th and 97.5th percentiles of the resampled mean differences */
  low: number;
  high: number;
  /** problems where a did better than b, and worse */
  wins: number;
  losses: number;
}

/** The 2.5th and 97.5th percentiles of resampled figures (sorted here). */
export function middle95(values: number[]): { low: number; high: number } {
  values.sort((x, y) => x - y);
  const at = (share: number) => values[Math.min(values.length - 1, Math.floor(share * values.length))]!;
  return { low: at(0.025), high: at(0.975) };
}

/**
 * Paired bootstrap over problems: the mean of a − b and a 95% percentile interval from `resamples` draws of
 * the problems with replacement (each draw keeps a problem's two figures together).
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  options: { resamples: number; seed: number },
): Interval {
  const differences = a.map((value, problem) => value - b[problem]!);
  const count = differences.length;
  const random = seededRandom(options.seed);
  const means: number[] = [];
  for (let round = 0; round < options.resamples; round++) {
    let sum = 0;
    for (let draw = 0; draw < count; draw++) sum += differences[Math.floor(random() * count)]!;
    means.push(sum / count);
  }
  return {
    mean: differences.reduce((sum, value) => sum + value, 0) / count,
    ...middle95(means),
    wins: differences.filter((value) => value > 1e-12).length,
    losses: differences.filter((value) => value < -1e-12).length,
  };
}
