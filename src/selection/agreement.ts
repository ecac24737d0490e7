/**
 * Ranking by dual execution agreement (CodeT, Chen et al. 2022). Candidates that pass exactly the same set
 * of tests form a consensus group; a group's score is (candidates in it) × (tests they pass). vouch's
 * variant: groups that pass no test score 0 whatever their size, ties between groups are kept as ties (no
 * random choice), and the pick is a uniform choice among the candidates of the top-scoring groups, so its
 * expected correctness is a fraction rather than a coin flip.
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

export function rankByAgreement(passes: readonly (readonly boolean[])[]): AgreementRanking {
  const byKey = new Map<string, AgreementGroup>();
  passes.forEach((row, candidate) => {
    const passedTests = row.flatMap((passed, test) => (passed ? [test] : []));
    const key = passedTests.join(',');
    const group = byKey.get(key) ?? { members: [], passedTests, score: 0 };
    group.members.push(candidate);
    byKey.set(key, group);
  });
  const groups = [...byKey.values()];
  for (const group of groups) group.score = group.members.length * group.passedTests.length;
  groups.sort(
    (a, b) => b.score - a.score || b.members.length - a.members.length || a.members[0]! - b.members[0]!,
  );
  const rankOf = new Array<number>(passes.length).fill(0);
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

/** Expected correctness of a uniform pick among `top`, given which candidates are correct. */
export function expectedTopCorrect(ranking: AgreementRanking, correct: readonly boolean[]): number {
  if (ranking.top.length === 0) return 0;
  return ranking.top.filter((candidate) => correct[candidate]).length / ranking.top.length;
}
