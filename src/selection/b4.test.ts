import { describe, expect, it } from 'vitest';
import { rankB4 } from './b4.js';
import type { AgreementMatrix } from './matrix.js';

function matrix(rows: number[][]): AgreementMatrix {
  return {
    passes: rows.map((row) => row.map((bit) => bit === 1)),
    kindOf: rows.map((_, index) => index),
    status: rows.map(() => 'ok'),
    signatures: rows.map(() => []),
    assertionStatus: rows[0]!.map(() => 'ok'),
    assertionUnit: rows[0]!.map(() => -1),
    runs: rows.length,
    units: 0,
  };
}

/** ln B(a, b) for whole a, b: ln((a-1)! (b-1)! / (a+b-1)!). */
function logBetaWhole(a: number, b: number): number {
  const logFactorial = (n: number) =>
    Array.from({ length: n }, (_, index) => Math.log(index + 1)).reduce((x, y) => x + y, 0);
  return logFactorial(a - 1) + logFactorial(b - 1) - logFactorial(a + b - 1);
}

describe('rankB4', () => {
  it("scores each consensus set with the Beta-Bernoulli marginals of B4's code", () => {
    // Three candidates pass test 0; one passes tests 0 and 1; one passes nothing.
    const input = matrix([
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ]);
    const ranking = rankB4(input, { alphaXY: 2, beta0: 3 });
    const score = (first: number) => ranking.groups.find((group) => group.members[0] === first)!.score;
    // The three: tests y = {0} (1 of 2), x = 3 of 5; outside on y: 1 pass of 2 cells; outside elsewhere: 1 of 2.
    expect(score(0)).toBeCloseTo(
      logBetaWhole(1 + 2, 1 + 1) +
        logBetaWhole(3 + 2, 2 + 1) +
        logBetaWhole(1 + 1, 1 + 1) +
        logBetaWhole(1 + 1, 1 + 3),
      10,
    );
    // The one passing both: y = {0, 1}, x = 1 of 5; outside on y: 3 passes of 8 cells; no other test.
    expect(score(3)).toBeCloseTo(
      logBetaWhole(2 + 2, 0 + 1) +
        logBetaWhole(1 + 2, 4 + 1) +
        logBetaWhole(3 + 1, 5 + 1) +
        logBetaWhole(1, 3),
      10,
    );
    expect(ranking.groups.map((group) => group.members)).toEqual([[0, 1, 2], [3], [4]]);
  });

  it('counts a merged candidate as the samples it stands for', () => {
    const repeated = rankB4(
      matrix([
        [1, 0],
        [1, 0],
        [0, 1],
      ]),
    );
    const merged = rankB4(
      matrix([
        [1, 0],
        [0, 1],
      ]),
      { weights: [2, 1] },
    );
    expect(merged.groups.map((group) => group.score)).toEqual(repeated.groups.map((group) => group.score));
    expect(merged.top).toEqual([0]);
  });

  it("with the paper's priors, prefers the set under which the others pass the fewest of the tests it fails", () => {
    // Test 1 is passed only by the pair; the single candidate passes tests 0 and 2, which others also pass.
    const input = matrix([
      [1, 0, 1],
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
      [0, 1, 0],
    ]);
    expect(rankB4(input).top).toEqual([0]);
  });
});
