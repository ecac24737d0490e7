import { degenerateCandidates } from '../../src/selection/index.js';
import type { RealProblem } from './real-selection.js';

/**
 * How often a wrong sample passes a correct test and a wrong one, on problems with a correct sample: a test
 * is correct when the correct samples pass it (the majority of them), degenerate samples left out.
 */
export function measuredRates(problems: readonly RealProblem[]): {
  wrongPassesRight: number;
  wrongPassesWrong: number;
} {
  let right = 0;
  let rightCells = 0;
  let wrong = 0;
  let wrongCells = 0;
  for (const { matrix, correct } of problems) {
    const good = correct.flatMap((flag, candidate) => (flag ? [candidate] : []));
    if (good.length === 0) continue;
    const degenerate = degenerateCandidates(matrix);
    const bad = correct.flatMap((flag, candidate) => (!flag && !degenerate[candidate] ? [candidate] : []));
    matrix.assertionStatus.forEach((status, test) => {
      if (status !== 'ok') return;
      const isRight = good.filter((candidate) => matrix.passes[candidate]![test]).length * 2 >= good.length;
      const passing = bad.filter((candidate) => matrix.passes[candidate]![test]).length;
      if (isRight) {
        right += passing;
        rightCells += bad.length;
      } else {
        wrong += passing;
        wrongCells += bad.length;
      }
    });
  }
  return { wrongPassesRight: right / rightCells, wrongPassesWrong: wrong / wrongCells };
}
