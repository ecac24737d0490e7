import { degenerateCandidates, rankByAgreement } from '../../src/selection/index.js';
import { rankPreviousDefault } from './rankings/previous-default.js';
import type { RealProblem } from './real-selection.js';

/** What the model's tests and samples are made of, and what it did to the previous default. */
export interface FailureCounts {
  answers: number;
  emptyAnswers: number;
  /** assertion statements dropped while splitting (cut off, malformed) */
  dropped: number;
  distinct: number;
  invalid: Record<string, number>;
  /** valid distinct assertions in problems with at least one correct sample, by what the truth says */
  valid: Record<string, number>;
  /** valid assertions in problems without a correct sample (nothing to judge them by) */
  unjudged: number;
  inputs: number;
  /** inputs the tests try more than one assertion on, and those where the assertions disagree */
  sharedInputs: number;
  conflictingInputs: number;
  candidates: number;
  degenerate: number;
  degenerateCorrect: number;
  /** problems where the previous default's pick was worse than CodeT's, and why */
  previousWorse: number;
  previousWorseSmallTop: number;
  previousWorseMeanTopSize: number;
  previousWorseWrongTests: number;
}

export function countFailures(
  problems: readonly RealProblem[],
  rawTests: ReadonlyMap<string, readonly string[]>,
): FailureCounts {
  const counts: FailureCounts = {
    answers: 0,
    emptyAnswers: 0,
    dropped: 0,
    distinct: 0,
    invalid: {},
    valid: {},
    unjudged: 0,
    inputs: 0,
    sharedInputs: 0,
    conflictingInputs: 0,
    candidates: 0,
    degenerate: 0,
    degenerateCorrect: 0,
    previousWorse: 0,
    previousWorseSmallTop: 0,
    previousWorseMeanTopSize: 0,
    previousWorseWrongTests: 0,
  };
  const add = (table: Record<string, number>, key: string) => {
    table[key] = (table[key] ?? 0) + 1;
  };
  for (const problem of problems) {
    const { matrix, tests, correct } = problem;
    for (const answer of rawTests.get(problem.taskId) ?? []) {
      counts.answers++;
      if (!answer.replace(/^assert/, '').trim()) counts.emptyAnswers++;
    }
    counts.dropped += tests.dropped;
    counts.distinct += tests.assertions.length;
    const degenerate = degenerateCandidates(matrix);
    counts.candidates += correct.length;
    degenerate.forEach((flag, candidate) => {
      if (!flag) return;
      counts.degenerate++;
      if (correct[candidate]) counts.degenerateCorrect++;
    });
    const right = correct.flatMap((flag, candidate) => (flag ? [candidate] : []));
    const wrong = correct.flatMap((flag, candidate) => (!flag && !degenerate[candidate] ? [candidate] : []));
    const truth: boolean[] = [];
    const byUnit = new Map<number, number[]>();
    matrix.assertionStatus.forEach((status, assertion) => {
      if (status !== 'ok') {
        add(counts.invalid, status);
        return;
      }
      const unit = matrix.assertionUnit[assertion]!;
      if (unit >= 0) byUnit.set(unit, [...(byUnit.get(unit) ?? []), assertion]);
      if (right.length === 0) {
        counts.unjudged++;
        return;
      }
      const passes = (candidate: number) => matrix.passes[candidate]![assertion]!;
      const rightShare = right.filter(passes).length / right.length;
      truth[assertion] = rightShare === 1;
      if (rightShare === 1) {
        const wrongShare = wrong.length ? wrong.filter(passes).length / wrong.length : 0;
        add(counts.valid, wrongShare >= 0.9 ? 'right, but passed by 90% of the wrong samples too' : 'right');
        return;
      }
      if (rightShare > 0) {
        add(counts.valid, 'passed by some correct samples only');
        return;
      }
      const values = right.map((candidate) => matrix.signatures[candidate]?.[unit] ?? '-');
      if (unit >= 0 && values.every((value) => value === 'ETypeError'))
        add(counts.valid, 'wrong call: the correct samples raise TypeError (arity, argument types)');
      else if (unit >= 0 && values.every((value) => value.startsWith('E')))
        add(counts.valid, 'wrong input: the correct samples raise another exception');
      else if (wrong.filter(passes).length >= 2)
        add(counts.valid, 'wrong expected value that wrong samples share (a misread spec)');
      else add(counts.valid, 'wrong expected value no other sample computes');
    });
    for (const assertions of byUnit.values()) {
      counts.inputs++;
      if (assertions.length < 2) continue;
      counts.sharedInputs++;
      const patterns = new Set(
        matrix.passes.map((row, candidate) =>
          degenerate[candidate] ? '' : assertions.map((assertion) => (row[assertion] ? 1 : 0)).join(''),
        ),
      );
      patterns.delete('');
      if (patterns.size > 1) counts.conflictingInputs++;
    }

    // Why the previous default lost: its top behaviour against CodeT's pick.
    const previous = rankPreviousDefault({ matrix, assertionWeights: tests.counts });
    const codet = rankByAgreement(matrix.passes, { method: 'codet', assertionWeights: tests.counts });
    const share = (top: number[]) =>
      top.filter((candidate) => correct[candidate]).length / Math.max(1, top.length);
    if (share(previous.top) < share(codet.top)) {
      counts.previousWorse++;
      const top = previous.groups[0]!;
      counts.previousWorseMeanTopSize += top.members.length;
      if (top.members.length <= 2) counts.previousWorseSmallTop++;
      counts.previousWorseWrongTests += top.passedTests.filter((test) => truth[test] === false).length;
    }
  }
  if (counts.previousWorse) counts.previousWorseMeanTopSize /= counts.previousWorse;
  return counts;
}
