import { describe, expect, it } from 'vitest';
import { expectedTopCorrect, rankByAgreement } from './agreement.js';
import type { AgreementMatrix } from './matrix.js';
import { rankCandidates } from './rank.js';

/** A matrix as the engine returns it: one probe per assertion, signatures from the values given. */
function matrix(rows: { values: string[]; passes: number[]; status?: string }[]): AgreementMatrix {
  return {
    passes: rows.map((row) => row.passes.map((bit) => bit === 1)),
    kindOf: rows.map((_, index) => index),
    status: rows.map((row) => (row.status ?? 'ok') as AgreementMatrix['status'][number]),
    signatures: rows.map((row) => row.values),
    assertionStatus: rows[0]!.passes.map(() => 'ok'),
    assertionUnit: rows[0]!.passes.map((_, index) => index),
    runs: rows.length,
    units: rows[0]!.values.length,
  };
}

describe('rankCandidates', () => {
  it('scores behaviours by the written assertions they satisfy, not by how many samples share them', () => {
    // Three samples of a wrong behaviour pass two assertions; one correct sample passes three.
    const wrong = { values: ['a', 'b', 'x'], passes: [1, 1, 0] };
    const right = { values: ['a', 'b', 'c'], passes: [1, 1, 1] };
    const input = matrix([wrong, wrong, wrong, right]);
    const ranking = rankCandidates({ matrix: input });
    expect(ranking.top).toEqual([3]);
    expect(ranking.groups[0]!.members).toEqual([3]);
    expect(ranking.groups[1]!.members).toEqual([0, 1, 2]);
    // CodeT's published scoring picks the popular behaviour: 2 x sqrt(3) > 3 x sqrt(1).
    expect(rankByAgreement(input.passes, { method: 'codet' }).top).toEqual([0, 1, 2]);
  });

  it('counts an assertion as often as the tests wrote it, and ignores invalid ones', () => {
    const input = matrix([
      { values: ['a', 'b'], passes: [1, 0, 1] },
      { values: ['c', 'd'], passes: [0, 1, 1] },
    ]);
    expect(rankCandidates({ matrix: input, assertionWeights: [3, 1, 1] }).top).toEqual([0]);
    expect(rankCandidates({ matrix: input, assertionWeights: [1, 3, 1] }).top).toEqual([1]);
    input.assertionStatus = ['hanging', 'ok', 'ok'];
    expect(rankCandidates({ matrix: input, assertionWeights: [3, 1, 1] }).top).toEqual([1]);
  });

  it('ranks candidates that hang, crash or do not compile last, whatever they pass', () => {
    const ranking = rankCandidates({
      matrix: matrix([
        { values: ['a'], passes: [1], status: 'hanging' },
        { values: ['E:TypeError'], passes: [0] },
        { values: ['-'], passes: [0], status: 'syntax' },
      ]),
    });
    expect(ranking.top).toEqual([1]);
    expect(ranking.order.at(-1)).not.toBe(1);
  });

  it('breaks ties by the number of samples, then by mean log-probability, else keeps them', () => {
    const same = { values: ['a'], passes: [1] };
    const other = { values: ['b'], passes: [1] };
    expect(rankCandidates({ matrix: matrix([same, other, other]) }).top).toEqual([1, 2]);
    const tied = matrix([same, other]);
    expect(rankCandidates({ matrix: tied }).top).toEqual([0, 1]);
    expect(rankCandidates({ matrix: tied, logprobs: [-2.5, -0.7] }).top).toEqual([1]);
    expect(rankCandidates({ matrix: tied, logprobs: [-0.5, undefined] }).top).toEqual([0]);
  });

  it('with no usable assertion the pick is uniform over the samples', () => {
    const ranking = rankCandidates({
      matrix: matrix([
        { values: ['a'], passes: [0] },
        { values: ['b'], passes: [0] },
      ]),
    });
    expect(expectedTopCorrect(ranking, [true, false])).toBe(0.5);
  });

  it('judged input by input, samples can vote for the values they compute', () => {
    // Two assertions on input 0 disagree (a: 1, b: 1); three samples compute b there.
    const input = matrix([
      { values: ['a'], passes: [1, 0] },
      { values: ['b'], passes: [0, 1] },
      { values: ['b'], passes: [0, 1] },
      { values: ['b'], passes: [0, 1] },
    ]);
    input.assertionUnit = [0, 0];
    expect(rankCandidates({ matrix: input, perInput: true, sampleWeight: 1 }).top).toEqual([1, 2, 3]);
  });
});
