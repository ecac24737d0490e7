import { type AgreementGroup, type AgreementRanking, rankGroups } from './agreement.js';
import { breakTies } from './break-ties.js';
import { degenerateCandidates } from './degenerate.js';
import type { AgreementMatrix } from './matrix.js';

/**
 * vouch's ranking: dual agreement in which a test counts for what its agreement is worth.
 *
 * Candidates that pass exactly the same valid assertions form a group (CodeT's consensus sets). Each group
 * is a hypothesis — "these are the correct candidates, and the assertions they pass are the correct tests"
 * — scored by the log-likelihood of everything the other candidates did under it: a wrong candidate passes
 * a correct test with probability `wrongPassesRight`, a wrong test with probability `wrongPassesWrong`. So
 * a test counts for a group when the candidates outside it pass it too (broadly passed tests are the ones
 * partly right solutions also get right) and against it when nobody else does (a model's misreading of the
 * spec, which its tests and its wrong solutions share); and every candidate outside the group is evidence
 * to explain, so popular groups need fewer explanations. This is the Bayesian reading of CodeT of B4 (Chen
 * et al. 2024, "Towards Optimal Assessment of Plausible Code Solutions with Plausible Tests") with the two
 * rates chosen on real model output instead of B4's prior that wrong solutions never pass wrong tests.
 *
 * Degenerate candidates (degenerate.ts: cannot be defined, hang, crash, or raise on every input) are not
 * evidence and rank last. Each distinct valid assertion is one test, however often it was written.
 * Equal scores: more samples, then the higher mean token log-probability (when the samples carry it);
 * else a tie, and the pick is uniform among the tied. With no valid assertion every usable candidate ties.
 *
 * Chosen on the tuning part of CodeT's CodeGen-16B HumanEval recording (42.3% against CodeT's 38.2%); on
 * the part kept back it did not beat CodeT (42.1% against 43.5%): bench/RESULTS.md, "Selection on real
 * model output".
 */
export interface RankInput {
  matrix: AgreementMatrix;
  /** samples each candidate stands for; default 1 */
  weights?: readonly number[];
  /** a candidate's mean token log-probability, when the samples carry it: breaks ties */
  logprobs?: readonly (number | undefined)[];
  /** how often a wrong candidate passes a correct and a wrong test; default `PASS_RATES` */
  rates?: { wrongPassesRight: number; wrongPassesWrong: number };
}

/**
 * How often a wrong candidate passes a correct test, and a wrong test. Chosen on the tuning part of the real
 * data (bench/eval/real-run.ts): the middle of the widest plateau of best pass@1 over a grid of both rates
 * (0.25-0.35 and 0.05-0.11). Counted directly with the truth there they are 0.44 and 0.105, 1.7 points
 * below the plateau; every pair in 0.25-0.5 and 0.03-0.15 ranks better than CodeT there.
 */
export const PASS_RATES = { wrongPassesRight: 0.3, wrongPassesWrong: 0.08 } as const;

export function rankCandidates(input: RankInput): AgreementRanking {
  const { matrix } = input;
  const count = matrix.passes.length;
  const weight = (candidate: number) => input.weights?.[candidate] ?? 1;
  const degenerate = degenerateCandidates(matrix);
  const tests = matrix.assertionStatus.flatMap((status, assertion) => (status === 'ok' ? [assertion] : []));

  const byKey = new Map<string, AgreementGroup>();
  for (let candidate = 0; candidate < count; candidate++) {
    const passes = matrix.passes[candidate]!;
    const key = `${degenerate[candidate] ? 'x' : 'o'}${tests.map((test) => (passes[test] ? 1 : 0)).join('')}`;
    let group = byKey.get(key);
    if (!group) {
      group = { members: [], passedTests: tests.filter((test) => passes[test]), score: 0 };
      byKey.set(key, group);
    }
    group.members.push(candidate);
  }
  const groups = [...byKey.values()];

  // What the usable candidates did, in total: their weight and, per test, the weight of those passing it.
  let total = 0;
  const passing = new Map<number, number>(tests.map((test) => [test, 0]));
  for (let candidate = 0; candidate < count; candidate++) {
    if (degenerate[candidate]) continue;
    total += weight(candidate);
    for (const test of tests)
      if (matrix.passes[candidate]![test]) passing.set(test, passing.get(test)! + weight(candidate));
  }
  const rates = input.rates ?? PASS_RATES;
  const right = logOdds(rates.wrongPassesRight);
  const wrong = logOdds(rates.wrongPassesWrong);
  for (const group of groups) {
    if (degenerate[group.members[0]!]) {
      group.score = Number.NEGATIVE_INFINITY;
      continue;
    }
    const size = group.members.reduce((sum, member) => sum + weight(member), 0);
    const outside = total - size;
    const passed = new Set(group.passedTests);
    let score = 0;
    for (const test of tests) {
      const odds = passed.has(test) ? right : wrong;
      const others = passing.get(test)! - (passed.has(test) ? size : 0);
      score += others * odds.pass + (outside - others) * odds.fail;
    }
    group.score = score;
  }
  breakTies(groups, weight, input.logprobs);
  return rankGroups(groups, count);
}

function logOdds(probability: number): { pass: number; fail: number } {
  return { pass: Math.log(probability), fail: Math.log(1 - probability) };
}
