import { type AgreementGroup, type AgreementRanking, rankGroups } from './agreement.js';
import type { AgreementMatrix } from './matrix.js';

/** ln Γ(x) for x > 0 (Lanczos, g = 7): enough for the Beta functions below. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = c[0]!;
  for (let index = 1; index < 9; index++) sum += c[index]! / (shifted + index);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * B4 (Chen et al. 2024, "Towards Optimal Assessment of Plausible Code Solutions with Plausible Tests") as its
 * authors' code scores it (ZJU-CTAG/B4, strategy.py), for `--rank b4`: each consensus set (candidates
 * passing the same valid assertions; every candidate counts, as in the measurements) is scored by
 * Beta-Bernoulli marginals — of the set and of its tests with prior (alphaXY, 1), of the candidates outside
 * it on its tests with (1, 1), and on the other tests with (1, beta0). Defaults are the paper's: beta0 1e6,
 * alphaXY 1e3. Each distinct valid assertion is one test. Real-data figures: bench/RESULTS.md, "Selection on
 * real model output".
 */
export function rankB4(
  matrix: AgreementMatrix,
  options: {
    beta0?: number;
    alphaXY?: number;
    /** samples each candidate stands for (merged duplicates); default 1 */
    weights?: readonly number[];
  } = {},
): AgreementRanking {
  const beta0 = options.beta0 ?? 1e6;
  const alpha = options.alphaXY ?? 1e3;
  const weight = (candidate: number) => options.weights?.[candidate] ?? 1;
  const tests = matrix.assertionStatus.flatMap((status, index) => (status === 'ok' ? [index] : []));
  const count = matrix.passes.reduce((sum, _, candidate) => sum + weight(candidate), 0);
  const byKey = new Map<string, AgreementGroup>();
  matrix.passes.forEach((row, candidate) => {
    const key = tests.map((test) => (row[test] ? 1 : 0)).join('');
    const group = byKey.get(key) ?? { members: [], passedTests: tests.filter((test) => row[test]), score: 0 };
    group.members.push(candidate);
    byKey.set(key, group);
  });
  const passing = tests.map((test) =>
    matrix.passes.reduce((sum, row, candidate) => sum + (row[test] ? weight(candidate) : 0), 0),
  );
  const groups = [...byKey.values()];
  for (const group of groups) {
    const size = group.members.reduce((sum, member) => sum + weight(member), 0);
    const passed = new Set(group.passedTests);
    let inside = 0;
    let insideCells = 0;
    let outside = 0;
    let outsideCells = 0;
    tests.forEach((test, index) => {
      const others = passing[index]! - (passed.has(test) ? size : 0);
      if (passed.has(test)) {
        inside += others;
        insideCells += count - size;
      } else {
        outside += others;
        outsideCells += count - size;
      }
    });
    group.score =
      logBeta(passed.size + alpha, tests.length - passed.size + 1) +
      logBeta(size + alpha, count - size + 1) +
      logBeta(inside + 1, insideCells - inside + 1) +
      logBeta(outside + 1, outsideCells - outside + beta0);
  }
  return rankGroups(groups, matrix.passes.length);
}
