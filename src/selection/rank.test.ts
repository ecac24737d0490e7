import { describe, expect, it } from 'vitest';
import { expectedTopCorrect, rankByAgreement } from './agreement.js';
import type { AgreementMatrix } from './matrix.js';
import { PASS_RATES, rankCandidates } from './rank.js';

interface Row {
  values: string[];
  passes: number[];
  status?: string;
  /** samples this row stands for (repeated rows) */
  times?: number;
}

/** A matrix as the engine returns it: one probe per assertion, signatures from the values given. */
function matrix(rows: Row[]): AgreementMatrix {
  const expanded = rows.flatMap((row) => Array.from({ length: row.times ?? 1 }, () => row));
  return {
    passes: expanded.map((row) => row.passes.map((bit) => bit === 1)),
    kindOf: expanded.map((_, index) => index),
    status: expanded.map((row) => (row.status ?? 'ok') as AgreementMatrix['status'][number]),
    signatures: expanded.map((row) => row.values),
    assertionStatus: expanded[0]!.passes.map(() => 'ok'),
    assertionUnit: expanded[0]!.passes.map((_, index) => index),
    runs: expanded.length,
    units: expanded[0]!.values.length,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

describe('rankCandidates', () => {
  it('does not trust tests only a popular wrong behaviour passes (a misread spec its tests share)', () => {
    // Tests 0-2 are right: three correct samples pass all three, partly right samples two of them. Tests 3-6
    // encode a misreading of the spec: the five samples that misread it pass them, and nobody else.
    const input = matrix([
      { values: ['1', '2', '3', 'a'], passes: [1, 1, 1, 0, 0, 0, 0], times: 3 },
      { values: ['1', '2', '9', 'a'], passes: [1, 1, 0, 0, 0, 0, 0], times: 3 },
      { values: ['1', '8', '3', 'a'], passes: [1, 0, 1, 0, 0, 0, 0], times: 3 },
      { values: ['7', '2', '3', 'a'], passes: [0, 1, 1, 0, 0, 0, 0], times: 3 },
      { values: ['0', '0', '0', 'x'], passes: [0, 0, 0, 1, 1, 1, 1], times: 5 },
    ]);
    const ranking = rankCandidates({ matrix: input });
    expect(ranking.top).toEqual([0, 1, 2]);
    expect(ranking.groups.at(1)!.members).toEqual(range(12, 17));
    // CodeT's dual agreement goes with the misreading: 4 tests x sqrt(5) > 3 x sqrt(3).
    expect(rankByAgreement(input.passes, { method: 'codet' }).top).toEqual(range(12, 17));
  });

  it('scores a group by the log-likelihood of what the others did, with the default rates', () => {
    // Two samples pass test 0 only; one passes tests 0 and 1.
    const input = matrix([
      { values: ['a', 'b'], passes: [1, 0], times: 2 },
      { values: ['a', 'c'], passes: [1, 1] },
    ]);
    const { wrongPassesRight: right, wrongPassesWrong: wrong } = PASS_RATES;
    const ranking = rankCandidates({ matrix: input });
    const score = (members: number[]) =>
      ranking.groups.find((group) => group.members[0] === members[0])!.score;
    // The pair: the other sample passed test 0 (a right test) and test 1 (a wrong one).
    expect(score([0, 1])).toBeCloseTo(Math.log(right) + Math.log(wrong), 12);
    // The single one: both others passed test 0 and failed test 1, both right tests.
    expect(score([2])).toBeCloseTo(2 * Math.log(right) + 2 * Math.log(1 - right), 12);
    expect(ranking.top).toEqual([2]);
  });

  it('does not let a popular group passing some of the tests outrank a smaller one passing them and more that others pass too', () => {
    // HumanEval/96's shape in the real data: 19 samples pass 3 broad tests, the 4 correct ones pass those
    // and 16 more, each of which 4-8 other samples pass too. Here 10 samples pass tests 0-2; 2 pass tests 0-2
    // and 3-8; four partly right samples pass test 0 and every other one of tests 3-8; four more pass one
    // of tests 0-3 each. A test the popular group fails but others pass has to be a wrong test passed by
    // wrong samples, which is rare: the pair ranks first. (With the first pass's rates, 0.3 / 0.08, the
    // popular group did.)
    const extras = (bit: (test: number) => number) => Array.from({ length: 6 }, (_, test) => bit(test));
    const input = matrix([
      { values: ['p'], passes: [1, 1, 1, ...extras(() => 0)], times: 10 },
      { values: ['q'], passes: [1, 1, 1, ...extras(() => 1)], times: 2 },
      ...range(0, 4).map((k) => ({
        values: [`r${k}`],
        passes: [1, 0, 0, ...extras((test) => ((test + k) % 2 === 0 ? 1 : 0))],
      })),
      ...range(0, 4).map((k) => ({
        values: [`s${k}`],
        passes: range(0, 9).map((test) => (test === k ? 1 : 0)),
      })),
    ]);
    expect(rankCandidates({ matrix: input }).top).toEqual([10, 11]);
  });

  it('counts a merged candidate as the samples it stands for', () => {
    const input = matrix([
      { values: ['a'], passes: [1, 0] },
      { values: ['b'], passes: [0, 1] },
      { values: ['c'], passes: [0, 0] },
    ]);
    expect(rankCandidates({ matrix: input }).top).toEqual([0, 1]);
    expect(rankCandidates({ matrix: input, weights: [1, 3, 1] }).top).toEqual([1]);
    expect(rankCandidates({ matrix: input, weights: [3, 1, 1] }).top).toEqual([0]);
  });

  it('ignores assertions the engine found invalid, and how often an assertion was written', () => {
    const input = matrix([
      { values: ['a', 'b'], passes: [1, 0, 0], times: 2 },
      { values: ['c', 'd'], passes: [0, 1, 1] },
    ]);
    expect(rankCandidates({ matrix: input }).top).toEqual([0, 1]);
    input.assertionStatus = ['ok', 'ok', 'hanging'];
    input.passes[0]![2] = true;
    input.passes[1]![2] = true;
    expect(rankCandidates({ matrix: input }).groups.map((group) => group.passedTests)).toEqual([[0], [1]]);
  });

  it('ranks candidates that hang, crash, do not compile or raise on every input last, and does not count them', () => {
    const input = matrix([
      { values: ['a', 'b'], passes: [1, 1], status: 'hanging' },
      { values: ['ETypeError', 'ETypeError'], passes: [0, 0], times: 5 },
      { values: ['-', '-'], passes: [0, 0], status: 'syntax' },
      { values: ['a', 'b'], passes: [1, 0] },
      { values: ['a', 'c'], passes: [0, 1] },
    ]);
    const ranking = rankCandidates({ matrix: input });
    expect(ranking.top).toEqual([7, 8]);
    for (const last of [0, 1, 2, 3, 4, 5, 6])
      expect(ranking.rankOf[last]).toBeGreaterThan(ranking.rankOf[7]!);
    // Without the five that raise everywhere the two usable candidates still tie.
    const alone = matrix([
      { values: ['a', 'b'], passes: [1, 0] },
      { values: ['a', 'c'], passes: [0, 1] },
    ]);
    expect(rankCandidates({ matrix: alone }).groups.map((group) => group.score)).toEqual(
      ranking.groups.slice(0, 2).map((group) => group.score),
    );
  });

  it('breaks ties by the number of samples, then by mean log-probability, else keeps them', () => {
    // Each passes one of two tests: the same evidence for either.
    const input = matrix([
      { values: ['a'], passes: [1, 0] },
      { values: ['b'], passes: [0, 1] },
    ]);
    expect(rankCandidates({ matrix: input }).top).toEqual([0, 1]);
    expect(rankCandidates({ matrix: input, weights: [1, 2] }).top).toEqual([1]);
    expect(rankCandidates({ matrix: input, logprobs: [-2.5, -0.7] }).top).toEqual([1]);
    expect(rankCandidates({ matrix: input, logprobs: [-0.5, undefined] }).top).toEqual([0]);
  });

  it('with no usable assertion the pick is uniform over the usable samples', () => {
    const input = matrix([
      { values: ['a'], passes: [0] },
      { values: ['b'], passes: [0] },
      { values: ['EZeroDivisionError'], passes: [0] },
    ]);
    input.assertionStatus = ['syntax'];
    const ranking = rankCandidates({ matrix: input });
    expect(ranking.top).toEqual([0, 1]);
    expect(expectedTopCorrect(ranking, [true, false, false])).toBe(0.5);
  });

  it('a whole problem of degenerate candidates ties every one of them', () => {
    const input = matrix([{ values: ['-'], passes: [0], status: 'broken', times: 3 }]);
    expect(rankCandidates({ matrix: input }).top).toEqual(range(0, 3));
  });
});
