import { describe, expect, it } from 'vitest';
import { expectedTopCorrect, rankByAgreement } from './agreement.js';

describe('rankByAgreement', () => {
  it('ranks consensus groups by candidates × tests passed (CodeT dual agreement)', () => {
    // 5 candidates × 4 tests. Candidates 0, 2, 4 agree (pass tests 0, 1, 2): score 3 × 3 = 9.
    // Candidate 1 passes all four alone: 1 × 4 = 4. Candidate 3 passes none: 0.
    const passes = [
      [true, true, true, false],
      [true, true, true, true],
      [true, true, true, false],
      [false, false, false, false],
      [true, true, true, false],
    ];
    const ranking = rankByAgreement(passes);
    expect(ranking.groups.map((group) => [group.members, group.score])).toEqual([
      [[0, 2, 4], 9],
      [[1], 4],
      [[3], 0],
    ]);
    expect(ranking.order).toEqual([0, 2, 4, 1, 3]);
    expect(ranking.rankOf).toEqual([0, 1, 0, 2, 0]);
    expect(ranking.top).toEqual([0, 2, 4]);
    // If only candidate 1 is truly correct, the consensus pick is wrong.
    expect(expectedTopCorrect(ranking, [false, true, false, false, false])).toBe(0);
    expect(expectedTopCorrect(ranking, [true, false, false, false, true])).toBeCloseTo(2 / 3, 12);
  });

  it('keeps tied groups tied and takes the expectation over all their candidates', () => {
    // Two groups of two, each passing two tests: 4 and 4.
    const passes = [
      [true, true, false, false],
      [false, false, true, true],
      [true, true, false, false],
      [false, false, true, true],
    ];
    const ranking = rankByAgreement(passes);
    expect(ranking.top).toEqual([0, 1, 2, 3]);
    expect(ranking.rankOf).toEqual([0, 0, 0, 0]);
    expect(expectedTopCorrect(ranking, [true, false, true, false])).toBe(0.5);
  });

  it("scores as CodeT's published code does: assertions as often as written, times sqrt(samples)", () => {
    // Group {0, 1} passes test 0 (written 3 times): 3 x sqrt(2) = 4.24; group {2} passes tests 0 and 1: 4 x 1.
    const passes = [
      [true, false],
      [true, false],
      [true, true],
    ];
    const ranking = rankByAgreement(passes, { method: 'codet', assertionWeights: [3, 1] });
    expect(ranking.groups.map((group) => [group.members, group.score])).toEqual([
      [[0, 1], 3 * Math.SQRT2],
      [[2], 4],
    ]);
    expect(rankByAgreement(passes, { method: 'codet-paper', assertionWeights: [3, 1] }).top).toEqual([0, 1]);
    expect(expectedTopCorrect(ranking, [false, true, true], [1, 3, 1])).toBe(0.75);
  });

  it('falls back to a uniform pick when no test is passed (raw pass@1)', () => {
    const ranking = rankByAgreement([[false], [false], [false]]);
    expect(ranking.top).toEqual([0, 1, 2]);
    expect(expectedTopCorrect(ranking, [true, false, false])).toBeCloseTo(1 / 3, 12);
  });
});
