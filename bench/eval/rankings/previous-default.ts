import {
  type AgreementGroup,
  type AgreementMatrix,
  type AgreementRanking,
  breakTies,
  rankGroups,
  UNUSABLE,
} from '../../../src/selection/index.js';

/**
 * vouch's default ranking before issue 43, kept here (bench code, not shipped) so the benchmarks can show it
 * beside the ranking that replaced it on the same matrices: the "first run" rows of the selection-real record (bench/results/selection-real.jsonl).
 *
 * Candidates that compute the same value on every input the tests try (same signatures, same assertions
 * passed) form a behaviour, scoring the number of written assertions it satisfies (an assertion written k
 * times counts k times); candidates that hang, crash, run out of budget or cannot be defined rank last;
 * equal scores: more samples, then higher mean log-probability. `perInput` scores the sum over inputs of
 * log(votes for the behaviour's value + 1/2), where `sampleWeight` lets samples vote for the value they
 * compute (execution-based minimum Bayes risk).
 */
export interface PreviousRankInput {
  matrix: AgreementMatrix;
  /** samples each candidate stands for; default 1 */
  weights?: readonly number[];
  /** how often each assertion was written; default 1 */
  assertionWeights?: readonly number[];
  /** a candidate's mean token log-probability, when the samples carry it: breaks ties */
  logprobs?: readonly (number | undefined)[];
  /** judge input by input, scoring the sum of log(votes for the behaviour's value + 1/2) */
  perInput?: boolean;
  /** with `perInput`: one sample's vote for the value it computes, against one written assertion's */
  sampleWeight?: number;
}

const SMOOTHING = 0.5;
const LAST = UNUSABLE;

function noVote(value: string): boolean {
  return value === '-' || value === 'T' || value.startsWith('E');
}

export function rankPreviousDefault(input: PreviousRankInput): AgreementRanking {
  const { matrix } = input;
  const count = matrix.passes.length;
  const weight = (candidate: number) => input.weights?.[candidate] ?? 1;
  const sampleWeight = input.sampleWeight ?? 0;
  const units = matrix.signatures.reduce((most, signature) => Math.max(most, signature.length), 0);

  // Behaviours: same values everywhere and same assertions passed.
  const byKey = new Map<string, AgreementGroup>();
  for (let candidate = 0; candidate < count; candidate++) {
    const passes = matrix.passes[candidate]!;
    const key = `${(matrix.signatures[candidate] ?? []).join(',')}|${passes.map((pass) => (pass ? 1 : 0)).join('')}`;
    let group = byKey.get(key);
    if (!group) {
      group = {
        members: [],
        passedTests: passes.flatMap((passed, test) => (passed ? [test] : [])),
        score: 0,
      };
      byKey.set(key, group);
    }
    group.members.push(candidate);
  }
  const groups = [...byKey.values()];

  const sampleVotes: Map<string, number>[] = Array.from({ length: units }, () => new Map());
  if (sampleWeight > 0) {
    for (let candidate = 0; candidate < count; candidate++) {
      if (LAST.has(matrix.status[candidate]!)) continue;
      (matrix.signatures[candidate] ?? []).forEach((value, unit) => {
        if (noVote(value)) return;
        const votes = sampleVotes[unit]!;
        votes.set(value, (votes.get(value) ?? 0) + weight(candidate));
      });
    }
  }
  // Assertions by the input they are about; assertions no probe decides count as one input each.
  const assertionsOf: number[][] = Array.from({ length: units }, () => []);
  const alone: number[] = [];
  matrix.assertionUnit.forEach((unit, assertion) => {
    if (matrix.assertionStatus[assertion] !== 'ok') return;
    if (unit >= 0 && unit < units) assertionsOf[unit]!.push(assertion);
    else alone.push(assertion);
  });
  const written = (assertion: number) => input.assertionWeights?.[assertion] ?? 1;
  const valid = matrix.assertionStatus.flatMap((status, assertion) => (status === 'ok' ? [assertion] : []));

  for (const group of groups) {
    const representative = group.members[0]!;
    if (LAST.has(matrix.status[representative]!)) {
      group.score = Number.NEGATIVE_INFINITY;
      continue;
    }
    const signature = matrix.signatures[representative] ?? [];
    const passes = matrix.passes[representative]!;
    if (!input.perInput && sampleWeight === 0) {
      group.score = valid.reduce((sum, assertion) => sum + (passes[assertion] ? written(assertion) : 0), 0);
      continue;
    }
    let score = 0;
    for (let unit = 0; unit < units; unit++) {
      const value = signature[unit] ?? '-';
      if (value === '-') continue;
      let votes = 0;
      if (!noVote(value)) {
        votes += sampleWeight * (sampleVotes[unit]!.get(value) ?? 0);
        for (const assertion of assertionsOf[unit]!) if (passes[assertion]) votes += written(assertion);
      }
      score += Math.log(votes + SMOOTHING);
    }
    for (const assertion of alone)
      score += Math.log((passes[assertion] ? written(assertion) : 0) + SMOOTHING);
    group.score = score;
  }
  breakTies(groups, weight, input.logprobs);
  return rankGroups(groups, count);
}
