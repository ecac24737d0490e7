import { categoryOfLeaf, isCategory, type LicenceCategory } from './categories.js';
import { categoryVerdict, type LicencePolicy, VERDICT_RANK, type Verdict } from './policy.js';
import { projectAccepts } from './project-compatibility.js';
import { isLeaf, leafSatisfies, leafText, parseSpdx, type SpdxLeaf, type SpdxNode } from './spdx.js';

export interface Judgement {
  verdict: Verdict;
  category: LicenceCategory;
  /** one sentence: which licence decided and by which rule */
  reason: string;
}

function judgeLeaf(leaf: SpdxLeaf, policy: LicencePolicy): Judgement {
  const text = leafText(leaf);
  const category = categoryOfLeaf(leaf);
  // An id the user named wins over its category; the strictest list that names it wins.
  for (const list of ['deny', 'review', 'allow'] as const) {
    const named = policy[list].find((value) => !isCategory(value) && leafSatisfies(leaf, value));
    if (named) {
      return { verdict: list, category, reason: `${text} is listed in ${list} (${named})` };
    }
  }
  if (policy.project && projectAccepts(policy.project, leaf)) {
    return {
      verdict: 'allow',
      category,
      reason: `${text} is compatible with the project's own licence ${policy.project}`,
    };
  }
  const verdict = categoryVerdict(policy, category);
  return {
    verdict,
    category,
    reason: `${text} is ${category.replace('-', ' ')}, which the policy puts in ${verdict}`,
  };
}

function judgeNode(node: SpdxNode, policy: LicencePolicy): Judgement {
  if (isLeaf(node)) return judgeLeaf(node, policy);
  const left = judgeNode(node.left, policy);
  const right = judgeNode(node.right, policy);
  const leftWins = VERDICT_RANK[left.verdict] <= VERDICT_RANK[right.verdict];
  if (node.conjunction === 'or') {
    // The user may take either licence: the better branch decides.
    return leftWins ? left : right;
  }
  // Every licence applies: the worse branch decides.
  return leftWins ? right : left;
}

/** Judges a normalised SPDX expression against the policy: OR takes the best branch, AND the worst. */
export function judgeExpression(expression: string, policy: LicencePolicy): Judgement {
  let tree: SpdxNode;
  try {
    tree = parseSpdx(expression);
  } catch {
    return {
      verdict: categoryVerdict(policy, 'unknown'),
      category: 'unknown',
      reason: `"${expression}" does not parse as SPDX`,
    };
  }
  return judgeNode(tree, policy);
}

/** The verdict for a package whose licence is unknown or missing. */
export function judgeUnknown(policy: LicencePolicy, why: string): Judgement {
  return { verdict: categoryVerdict(policy, 'unknown'), category: 'unknown', reason: why };
}
