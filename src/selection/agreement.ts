/**
 * Ranking candidates by execution agreement. A consensus group is a set of candidates that pass exactly the
 * same assertions; groups are scored and the pick is a uniform choice among the candidates of the
 * top-scoring groups (ties stay ties, so the expected correctness of the pick is a fraction, not a coin
 * flip). Groups that pass no assertion score 0 whatever their size; with no useful assertion every
 * candidate ties and the expectation is the raw pass@1.
 *
 * - `codet`: CodeT's published code (microsoft/CodeT, src/agreement.py): score = (assertions passed, each
 *   counted as often as the tests wrote it) x sqrt(samples in the group).
 * - `codet-paper`: the paper's formula: score = assertions passed x samples in the group.
 */
export interface AgreementGroup {
  /** candidate indices, ascending */
  members: number[];
  /** test indices every member passes, ascending */
  passedTests: number[];
  score: number;
}

export interface AgreementRanking {
  /** groups by score, highest first (ties by size, then by first member) */
  groups: AgreementGroup[];
  /** every candidate, best first (group order, members in index order) */
  order: number[];
  /** rank of each candidate's group (0 = top; tied groups share a rank) */
  rankOf: number[];
  /** candidates in the top-scoring groups: the pick is uniform among them */
  top: number[];
}

export interface AgreementOptions {
  method?: 'codet' | 'codet-paper';
  /** samples each candidate stands for (merged duplicates); default 1 */
  weights?: readonly number[];
  /** how often each assertion was written across the test answers; default 1 */
  assertionWeights?: readonly number[];
}

/** Candidates passing exactly the same assertions, in order of first member. */
export function consensusGroups(passes: readonly (readonly boolean[])[]): AgreementGroup[] {
  const byKey = new Map<string, AgreementGroup>();
  passes.forEach((row, candidate) => {
    const passedTests = row.flatMap((passed, test) => (passed ? [test] : []));
    const key = passedTests.join(',');
    const group = byKey.get(key) ?? { members: [], passedTests, score: 0 };
    group.members.push(candidate);
    byKey.set(key, group);
  });
  return [...byKey.values()];
}

/** Sorts scored groups best first and derives the order, ranks and tied top. */
export function rankGroups(groups: AgreementGroup[], candidates: number): AgreementRanking {
  groups.sort(
    (a, b) => b.score - a.score || b.members.length - a.members.length || a.members[0]! - b.members[0]!,
  );
  const rankOf = new Array<number>(candidates).fill(0);
  let rank = 0;
  groups.forEach((group, index) => {
    if (index > 0 && group.score < groups[index - 1]!.score) rank = index;
    for (const member of group.members) rankOf[member] = rank;
  });
  const best = groups[0]?.score ?? 0;
  const top = groups.filter((group) => group.score === best).flatMap((group) => group.members);
  top.sort((a, b) => a - b);
  return { groups, order: groups.flatMap((group) => group.members), rankOf, top };
}

export function rankByAgreement(
  passes: readonly (readonly boolean[])[],
  options: AgreementOptions = {},
): AgreementRanking {
  const method = options.method ?? 'codet-paper';
  const groups = consensusGroups(passes);
  for (const group of groups) {
    const size = group.members.reduce((sum, member) => sum + (options.weights?.[member] ?? 1), 0);
    const tests = group.passedTests.reduce((sum, test) => sum + (options.assertionWeights?.[test] ?? 1), 0);
    group.score = method === 'codet' ? tests * Math.sqrt(size) : tests * size;
  }
  return rankGroups(groups, passes.length);
}

/** Expected correctness of a uniform pick among `top` (each weighted by the samples it stands for). */
export function expectedTopCorrect(
  ranking: AgreementRanking,
  correct: readonly boolean[],
  weights?: readonly number[],
): number {
  let total = 0;
  let right = 0;
  for (const candidate of ranking.top) {
    const weight = weights?.[candidate] ?? 1;
    total += weight;
    if (correct[candidate]) right += weight;
  }
  return total > 0 ? right / total : 0;
}
