import { describe, expect, it } from 'vitest';
import { behaviourOf } from './behaviour.js';
import type { AgreementMatrix } from './matrix.js';

/** A matrix as the engine returns it: candidates by row, assertions by column. */
function matrix(passes: boolean[][], extra: Partial<AgreementMatrix> = {}): AgreementMatrix {
  return {
    passes,
    kindOf: passes.map((_, index) => index),
    status: passes.map(() => 'ok'),
    signatures: passes.map(() => []),
    assertionStatus: passes[0]!.map(() => 'ok'),
    assertionUnit: passes[0]!.map(() => -1),
    runs: passes.length,
    units: 0,
    ...extra,
  };
}

describe('behaviourOf', () => {
  const T = true;
  const F = false;
  it('counts the usable samples that pass exactly the same valid assertions, weighted by the samples each stands for', () => {
    const selection = {
      matrix: matrix(
        [
          [T, T, F, T],
          [T, T, F, F],
          [T, T, F, T],
          [F, F, F, F],
        ],
        // the fourth assertion reads a name nothing defines: it counts for nobody
        { assertionStatus: ['ok', 'ok', 'ok', 'undefined-name'], status: ['ok', 'ok', 'ok', 'broken'] },
      ),
    };
    // candidates 0, 1 and 2 agree on the three valid assertions; 3 cannot be defined and is no sample
    expect(behaviourOf(selection, 0)).toEqual({ samples: 3, group: 3, assertions: 3, passed: 2 });
    expect(behaviourOf(selection, 0, [2, 1, 1, 5])).toEqual({
      samples: 4,
      group: 4,
      assertions: 3,
      passed: 2,
    });
    // a degenerate candidate belongs to no group
    expect(behaviourOf(selection, 3)).toEqual({ samples: 3, group: 0, assertions: 3, passed: 0 });
  });

  it('tells behaviours apart by the assertions they pass', () => {
    const selection = {
      matrix: matrix([
        [T, F],
        [T, T],
        [T, T],
        [F, F],
      ]),
    };
    expect(behaviourOf(selection, 1)).toEqual({ samples: 4, group: 2, assertions: 2, passed: 2 });
    expect(behaviourOf(selection, 0)).toEqual({ samples: 4, group: 1, assertions: 2, passed: 1 });
  });
});
