import { describe, expect, it } from 'vitest';
import { fitLogistic, solve } from '../../bench/context/logistic.js';

/** A small deterministic generator (mulberry32): the same rows every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fitLogistic', () => {
  it('solves a linear system', () => {
    expect(
      solve(
        [
          [2, 1],
          [1, 3],
        ],
        [3, 5],
      ).map((x) => Number(x.toFixed(9))),
    ).toEqual([0.8, 1.4]);
  });

  it('recovers the weights that drew the labels, the fixed part held as an offset', () => {
    const next = random(45);
    const truth = [-1.5, 2, -0.7];
    const fixed = -1; // the weight of feature 3, not fitted
    const rows = Array.from({ length: 40_000 }, () => {
      const features = [1, next() * 2 - 1, next() < 0.3 ? 1 : 0, Math.log(1 + Math.floor(next() * 4))];
      const z = truth[0]! + truth[1]! * features[1]! + truth[2]! * features[2]! + fixed * features[3]!;
      const label: 0 | 1 = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      return { features, label, offset: fixed * features[3]! };
    });
    const fitted = fitLogistic(rows, [0, 1, 2]);
    for (const [index, weight] of fitted.entries()) expect(weight).toBeCloseTo(truth[index]!, 1);
  });
});
