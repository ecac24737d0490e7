import { type BehaviourAgreement, behaviourOf } from './behaviour.js';
import type { MatrixRunner } from './matrix.js';
import { selectByAgreement } from './select.js';
import type { TestLanguage } from './split-tests.js';

export interface GeneratedCandidate {
  /** the whole program (not a completion of a prompt) */
  code: string;
  /** the tests the model wrote beside it (raw; may be empty) */
  tests: string;
  /** how many samples produced this same code */
  votes: number;
}

export interface CandidateOrder {
  /** per candidate, the rank of its behaviour: 0 = best; tied candidates share a rank */
  rank: number[];
  /** distinct assertions the model's tests held */
  assertions: number;
  /** candidate programs actually run */
  runs: number;
  /** per candidate, how its behaviour agrees with the others' (what a confidence judges agreement by) */
  behaviour: BehaviourAgreement[];
}

const LANGUAGES: Record<string, TestLanguage> = {
  python: 'python',
  typescript: 'typescript',
  javascript: 'typescript',
};

/**
 * The generate pipeline's `--n K` selection: the same execution agreement as `vouch eval --select`, with the
 * tests the model wrote beside its candidates, every candidate's tests run against every candidate (in the
 * sandbox, through `runner`). Undefined when there is nothing to decide with: fewer than two candidates
 * with code, no tests, a language selection does not run, or a matrix that leaves nothing to rank by
 * (unranked.ts: the sandbox job failed, no usable candidate, no usable assertion).
 */
export async function orderCandidates(options: {
  language: string;
  candidates: readonly GeneratedCandidate[];
  runner: MatrixRunner;
}): Promise<CandidateOrder | undefined> {
  const language = LANGUAGES[options.language];
  const withCode = options.candidates.filter((candidate) => candidate.code.trim());
  if (!language || withCode.length < 2) return undefined;
  const rawTests = options.candidates.map((candidate) => candidate.tests).filter((tests) => tests.trim());
  if (rawTests.length === 0) return undefined;
  const selection = await selectByAgreement({
    language,
    candidates: options.candidates.map((candidate) => candidate.code),
    weights: options.candidates.map((candidate) => Math.max(1, candidate.votes)),
    rawTests,
    runner: options.runner,
  });
  if (selection.unranked) return undefined;
  const weights = options.candidates.map((candidate) => Math.max(1, candidate.votes));
  return {
    behaviour: options.candidates.map((_, index) => behaviourOf(selection, index, weights)),
    rank: selection.ranking.rankOf,
    assertions: selection.tests.assertions.length,
    runs: selection.matrix.runs,
  };
}
