import { describe, expect, it } from 'vitest';
import { degenerateCandidates } from './degenerate.js';
import type { AgreementMatrix, CandidateStatus } from './matrix.js';

function matrix(rows: { signature: string[]; status?: CandidateStatus }[]): AgreementMatrix {
  return {
    passes: rows.map(() => []),
    kindOf: rows.map((_, index) => index),
    status: rows.map((row) => row.status ?? 'ok'),
    signatures: rows.map((row) => row.signature),
    assertionStatus: [],
    assertionUnit: [],
    runs: rows.length,
    units: Math.max(0, ...rows.map((row) => row.signature.length)),
  };
}

describe('degenerateCandidates', () => {
  it('marks candidates that cannot be judged by how they ended', () => {
    const statuses: CandidateStatus[] = ['syntax', 'broken', 'hanging', 'budget', 'crashing', 'error', 'ok'];
    const input = matrix(statuses.map((status) => ({ signature: ['a1b2c3'], status })));
    expect(degenerateCandidates(input)).toEqual([true, true, true, true, true, true, false]);
  });

  it('marks candidates that compute no value where another candidate computes one', () => {
    const input = matrix([
      { signature: ['ETypeError', 'T', 'EIndexError'] },
      { signature: ['ETypeError', '0f0f0f', 'EIndexError'] },
      { signature: ['ETypeError', 'T', 'EIndexError', 'g1'] },
      // an input where every candidate raises says nothing: the first two still differ on the second
      { signature: ['ENameError', 'T', '-'] },
    ]);
    expect(degenerateCandidates(input)).toEqual([true, false, true, true]);
  });

  it('judges by status alone when the engine computes no values (TypeScript, or no probe)', () => {
    const input = matrix([{ signature: [] }, { signature: [] }, { signature: [], status: 'crashing' }]);
    expect(degenerateCandidates(input)).toEqual([false, false, true]);
    const raising = matrix([{ signature: ['EValueError'] }, { signature: ['EValueError'] }]);
    expect(degenerateCandidates(raising)).toEqual([false, false]);
  });
});
