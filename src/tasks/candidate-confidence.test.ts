import { describe, expect, it } from 'vitest';
import type { Check, CheckResult } from '../core/check.js';
import { deliverGeneratedCandidate } from './candidate-confidence.js';
import type { TaskHost } from './task.js';

/**
 * A check of our own Check interface that fails code holding a marker (the way flake8 fails an unused
 * import): the delivery's ranking is read from check results, whichever check gives them.
 */
function markerCheck(name: string, marker: string): Check {
  return {
    name,
    run: async (subject): Promise<CheckResult> => ({
      name,
      status: subject.code.includes(marker) ? 'fail' : 'pass',
      findings: [],
      durationMs: 0,
    }),
  };
}

const host = (checks: Check[]): TaskHost =>
  ({
    workspaceRoot: '/nonexistent-workspace',
    config: {},
    checks,
    model: async () => {
      throw new Error('no model is asked for');
    },
  }) as TaskHost;

const behaviour = (group: number) => ({ samples: 10, group, assertions: 6, passed: 6 });

describe('deliverGeneratedCandidate: the eval delivers as generate ranks (failed checks first, then agreement)', () => {
  it('passes over the best-agreeing candidate when a check fails on it, and stops at the first clean one', async () => {
    const judged = await deliverGeneratedCandidate(
      host([markerCheck('syntax', 'BROKEN'), markerCheck('lint', 'UNUSED')]),
      {
        language: 'python',
        candidates: 10,
        order: [
          {
            code: 'import os  # UNUSED\ndef f(x):\n    return x\n',
            rank: 0,
            votes: 6,
            behaviour: behaviour(6),
          },
          { code: 'def f(x):\n    return x\n', rank: 1, votes: 2, behaviour: behaviour(2) },
          { code: 'def f(x):\n    return -x\n', rank: 2, votes: 1, behaviour: behaviour(1) },
        ],
      },
    );
    expect(judged.chosen).toBe(1);
    expect(judged.checked).toBe(2);
    expect(judged.checks.map((check) => [check.name, check.status])).toEqual([
      ['syntax', 'pass'],
      ['lint', 'pass'],
    ]);
    // judged on the delivered candidate's own agreement: 2 of 10 is not enough for high
    expect(judged.confidence).toBe('medium');
  });

  it('when every candidate fails a check, delivers the one with fewest failures, agreement breaking ties', async () => {
    const judged = await deliverGeneratedCandidate(
      host([markerCheck('syntax', 'BROKEN'), markerCheck('lint', 'UNUSED')]),
      {
        language: 'python',
        candidates: 10,
        order: [
          { code: 'BROKEN UNUSED', rank: 0, votes: 5, behaviour: behaviour(5) },
          { code: 'UNUSED one', rank: 1, votes: 3, behaviour: behaviour(3) },
          { code: 'UNUSED two', rank: 2, votes: 2, behaviour: behaviour(2) },
        ],
      },
    );
    expect([judged.chosen, judged.checked, judged.confidence]).toEqual([1, 3, 'low']);
    expect(judged.reasons).toContain('lint failed');
  });
});
