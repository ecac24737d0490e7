import { describe, expect, it } from 'vitest';
import type { AgreementMatrix, AssertionStatus, CandidateStatus } from './matrix.js';
import { rankCandidates } from './rank.js';
import { unrankedReason } from './unranked.js';

function matrix(
  rows: { passes: number[]; status?: CandidateStatus; signature?: string[] }[],
  assertionStatus?: AssertionStatus[],
): AgreementMatrix {
  return {
    passes: rows.map((row) => row.passes.map((bit) => bit === 1)),
    kindOf: rows.map((_, index) => index),
    status: rows.map((row) => row.status ?? 'ok'),
    signatures: rows.map((row, index) => row.signature ?? row.passes.map((bit) => `v${index}${bit}`)),
    assertionStatus: assertionStatus ?? rows[0]!.passes.map(() => 'ok'),
    assertionUnit: rows[0]!.passes.map((_, index) => index),
    runs: rows.length,
    units: rows[0]!.passes.length,
  };
}

describe('unrankedReason', () => {
  it('says nothing when some usable candidate meets some usable assertion', () => {
    const input = matrix([{ passes: [1, 0] }, { passes: [0, 1], status: 'hanging' }, { passes: [0, 0] }]);
    expect(unrankedReason(input)).toBeUndefined();
  });

  it('names a failed sandbox job', () => {
    const input = matrix([
      { passes: [0], status: 'error' },
      { passes: [0], status: 'error' },
    ]);
    input.error = 'the sandbox job ended with timeout: 25 s';
    expect(unrankedReason(input)).toBe(
      'the agreement matrix could not be computed: the sandbox job ended with timeout: 25 s',
    );
  });

  it('names every candidate timing out, and that the load can do that: the ranking would be a uniform pick', () => {
    // What a loaded machine does to candidates that need most of the per-assertion limit.
    const input = matrix([
      { passes: [0, 0], status: 'hanging', signature: ['T', 'T'] },
      { passes: [0, 0], status: 'hanging', signature: ['T', 'T'] },
      { passes: [0, 0], status: 'budget', signature: ['T', '-'] },
    ]);
    expect(unrankedReason(input)).toBe(
      "no candidate is usable (2 hanging, 1 budget); timeouts can be the machine's load: run again on a quieter one",
    );
    expect(rankCandidates({ matrix: input }).top).toEqual([0, 1, 2]);
  });

  it('names candidates that could not run at all', () => {
    const input = matrix([
      { passes: [0], status: 'syntax', signature: ['-'] },
      { passes: [0], status: 'broken', signature: ['-'] },
      { passes: [0], signature: ['ETypeError'] },
    ]);
    // The last one raises, but nobody computes a value there: it is usable, and the ranking picks it.
    expect(unrankedReason(input)).toBeUndefined();
    input.status[2] = 'syntax';
    expect(unrankedReason(input)).toBe('no candidate is usable (2 syntax, 1 broken)');
  });

  it('names the model-written assertions none of which could be used', () => {
    const input = matrix(
      [{ passes: [0, 0, 0] }, { passes: [0, 0, 0] }],
      ['undefined-name', 'syntax', 'undefined-name'],
    );
    expect(unrankedReason(input)).toBe(
      'no model-written assertion could be used (2 undefined-name, 1 syntax)',
    );
    expect(unrankedReason(matrix([{ passes: [] }], []))).toBe('the model-written tests hold no assertion');
  });
});
