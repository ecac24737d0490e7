import { expectedTopCorrect, rankCandidates } from '../../src/selection/index.js';
import { middle95, type Random, seededRandom } from './bootstrap.js';
import type { RealProblem } from './real-selection.js';

/**
 * How the two rates of vouch's ranking (`PASS_RATES`) are chosen from data, as rules that can be run again
 * inside a cross-validation: a grid of rate pairs, each pair's pass@1 on every problem, and a rule that
 * picks pairs from the grid's totals. Running the rule on all but one problem and scoring that one
 * (leave-one-problem-out) estimates what the rule's choice is worth on a problem it did not see.
 */
export interface RateGrid {
  /** how often a wrong candidate passes a correct test (rows) */
  right: readonly number[];
  /** how often a wrong candidate passes a wrong test (columns) */
  wrong: readonly number[];
}

/** The first pass's grid (bench/eval/real-run.ts), on which 0.3 / 0.08 was chosen from the tuning part. */
export const FIRST_PASS_GRID: RateGrid = {
  right: [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7],
  wrong: [0.01, 0.02, 0.03, 0.05, 0.07, 0.08, 0.09, 0.11, 0.13, 0.15, 0.2],
};

/**
 * A finer grid reaching below 0.01, where the first pass's grid ended on the whole half's best cells:
 * `right` in steps of 0.025, `wrong` in steps of a factor of about the square root of 2 (it enters the
 * score as its logarithm), rounded to two significant digits.
 */
export const FINE_GRID: RateGrid = {
  right: Array.from({ length: 17 }, (_, index) => Math.round((0.25 + index * 0.025) * 1000) / 1000),
  wrong: Array.from({ length: 17 }, (_, index) => Number((0.0005 * 2 ** (index / 2)).toPrecision(2))),
};

/** scores[row][column][problem]: the pass@1 of vouch's ranking with that cell's rates on that problem. */
export type GridScores = number[][][];

export function gridScores(problems: readonly RealProblem[], grid: RateGrid): GridScores {
  return grid.right.map((right) =>
    grid.wrong.map((wrong) =>
      problems.map((problem) =>
        expectedTopCorrect(
          rankCandidates({
            matrix: problem.matrix,
            rates: { wrongPassesRight: right, wrongPassesWrong: wrong },
          }),
          problem.correct,
        ),
      ),
    ),
  );
}

/** A grid cell: [row, column]. */
export type Cell = readonly [number, number];

/** Picks cells from the grid's totals (summed pass@1 over the problems it may see); ties are all returned. */
export type RateRule = (totals: readonly (readonly number[])[]) => Cell[];

/** Sums within this are ties: sums of fractions of up to 100 samples, added in different orders. */
const EPSILON = 1e-9;

function argmax(values: readonly (readonly number[])[], eligible: (cell: Cell) => boolean): Cell[] {
  let best = Number.NEGATIVE_INFINITY;
  let cells: Cell[] = [];
  values.forEach((row, i) => {
    row.forEach((value, j) => {
      if (!eligible([i, j])) return;
      if (value > best + EPSILON) {
        best = value;
        cells = [[i, j]];
      } else if (value >= best - EPSILON) cells.push([i, j]);
    });
  });
  return cells;
}

/** The best cells. */
export const bestCell: RateRule = (totals) => argmax(totals, () => true);

/**
 * The centre of the widest plateau: each cell scored by the mean total of the (2 radius + 1)² block around
 * it, cells nearer the grid's edge than `radius` left out (their plateau may go on beyond the grid); the
 * best block's centre, and among tied blocks the cells that are best themselves.
 */
export function plateauCentre(radius: number): RateRule {
  return (totals) => {
    const rows = totals.length;
    const columns = totals[0]!.length;
    const inside = ([i, j]: Cell) => i >= radius && j >= radius && i < rows - radius && j < columns - radius;
    const block = totals.map((row, i) =>
      row.map((_, j) => {
        if (!inside([i, j])) return Number.NEGATIVE_INFINITY;
        let sum = 0;
        for (let di = -radius; di <= radius; di++)
          for (let dj = -radius; dj <= radius; dj++) sum += totals[i + di]![j + dj]!;
        return sum / (2 * radius + 1) ** 2;
      }),
    );
    const centres = argmax(block, inside);
    const chosen = new Set(centres.map(([i, j]) => `${i},${j}`));
    return argmax(totals, ([i, j]) => chosen.has(`${i},${j}`));
  };
}

/** Summed pass@1 of every cell over the problems `weight` counts (a weight per problem: 0, 1, 2…). */
function totalsOf(scores: GridScores, weight: readonly number[]): number[][] {
  return scores.map((row) =>
    row.map((cell) => cell.reduce((sum, value, problem) => sum + value * weight[problem]!, 0)),
  );
}

/** The mean pass@1 on `problem` of the cells a rule chose (a uniform pick among tied cells). */
function scoreOf(scores: GridScores, cells: readonly Cell[], problem: number): number {
  return cells.reduce((sum, [i, j]) => sum + scores[i]![j]![problem]!, 0) / cells.length;
}

export interface LeaveOneOut {
  /** per problem: the pass@1 of the rates the rule chose on every other problem */
  perProblem: number[];
  /** how often each set of tied cells was chosen, by label */
  chosen: Map<string, number>;
}

/** Leave-one-problem-out cross-validation of a rule: rates chosen on the other problems, scored on this one. */
export function leaveOneOut(
  scores: GridScores,
  rule: RateRule,
  label: (cells: Cell[]) => string,
): LeaveOneOut {
  const problems = scores[0]![0]!.length;
  const chosen = new Map<string, number>();
  const perProblem = Array.from({ length: problems }, (_, left) => {
    const cells = rule(
      totalsOf(
        scores,
        Array.from({ length: problems }, (_, p) => (p === left ? 0 : 1)),
      ),
    );
    const name = label(cells);
    chosen.set(name, (chosen.get(name) ?? 0) + 1);
    return scoreOf(scores, cells, left);
  });
  return { perProblem, chosen };
}

export interface OutOfBag {
  /** mean over resamples of (rule's pass@1 − baseline's) on the problems the resample left out */
  mean: number;
  low: number;
  high: number;
  resamples: number;
}

/**
 * The rule run on each bootstrap resample of the problems and scored against a baseline on the problems the
 * resample left out (about 37% of them): the variation of the choice itself is in the interval, which a
 * bootstrap of leave-one-out scores does not see. Pessimistic in level (each choice sees about 63% of the
 * distinct problems).
 */
export function outOfBag(
  scores: GridScores,
  baseline: readonly number[],
  rule: RateRule,
  options: { resamples: number; seed: number },
): OutOfBag {
  const random: Random = seededRandom(options.seed);
  const problems = baseline.length;
  const differences: number[] = [];
  for (let round = 0; round < options.resamples; round++) {
    const weight = new Array<number>(problems).fill(0);
    for (let draw = 0; draw < problems; draw++) weight[Math.floor(random() * problems)]!++;
    const out = weight.flatMap((count, problem) => (count === 0 ? [problem] : []));
    if (out.length === 0) continue;
    const cells = rule(totalsOf(scores, weight));
    const difference =
      out.reduce((sum, problem) => sum + scoreOf(scores, cells, problem) - baseline[problem]!, 0) /
      out.length;
    differences.push(difference);
  }
  return {
    mean: differences.reduce((sum, value) => sum + value, 0) / differences.length,
    ...middle95(differences),
    resamples: differences.length,
  };
}
