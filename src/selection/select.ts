import { type AgreementRanking, rankByAgreement } from './agreement.js';
import { rankB4 } from './b4.js';
import type { AgreementMatrix, EngineSettings, MatrixRunner } from './matrix.js';
import { rankCandidates } from './rank.js';
import { runAgreementMatrix } from './run-matrix.js';
import { type SplitTests, splitTests, type TestLanguage } from './split-tests.js';
import { unrankedReason } from './unranked.js';

/** The rankings `vouch eval --select --rank` offers; `vouch` is the default. */
export const RANK_METHODS = ['vouch', 'codet', 'codet-paper', 'b4'] as const;
export type RankMethod = (typeof RANK_METHODS)[number];

export interface SelectOptions {
  language: TestLanguage;
  /** complete candidate programs */
  candidates: readonly string[];
  /** how many samples each candidate stands for (merged duplicates); default 1 each */
  weights?: readonly number[];
  /** raw model-written test code, any number of answers, each possibly holding many assertions */
  rawTests: readonly string[];
  entryPoint?: string;
  runner: MatrixRunner;
  engine?: Partial<EngineSettings>;
  /** default `vouch` */
  method?: RankMethod;
  /** keep only the first N assertions of each answer, as CodeT does (5); default all */
  assertionsPerAnswer?: number;
  /** each candidate's mean token log-probability when the samples carry it (vouch's ranking breaks ties) */
  logprobs?: readonly (number | undefined)[];
}

export interface MergedTests extends SplitTests {
  /** how many test answers wrote each assertion */
  counts: number[];
}

export interface Selection {
  tests: MergedTests;
  matrix: AgreementMatrix;
  ranking: AgreementRanking;
  /**
   * Set when the matrix gave the ranking nothing to go on (unranked.ts): `ranking` then ties its candidates
   * and its pick is uniform, a guess that must not be reported as a ranking.
   */
  unranked?: string;
}

/** Splits every answer into assertions and merges them: each assertion once, with how often it was written. */
export async function mergeTests(
  language: TestLanguage,
  rawTests: readonly string[],
  perAnswer = Number.POSITIVE_INFINITY,
): Promise<MergedTests> {
  const split = await Promise.all(rawTests.map((raw) => splitTests(language, raw)));
  for (const part of split) part.assertions = part.assertions.slice(0, perAnswer);
  const index = new Map<string, number>();
  const tests: MergedTests = { prelude: [], assertions: [], dropped: 0, counts: [] };
  for (const part of split) {
    for (const statement of part.prelude)
      if (!tests.prelude.includes(statement)) tests.prelude.push(statement);
    for (const assertion of part.assertions) {
      const at = index.get(assertion);
      if (at !== undefined) {
        tests.counts[at]!++;
        continue;
      }
      index.set(assertion, tests.assertions.length);
      tests.assertions.push(assertion);
      tests.counts.push(1);
    }
    tests.dropped += part.dropped;
  }
  return tests;
}

/**
 * Picks among candidates by execution agreement: split the tests into assertions, run every candidate
 * against every assertion in the sandbox, rank (rank.ts; CodeT's ranking with `method: 'codet'`). The
 * caller takes `ranking.top` (tied best candidates) or `ranking.order`.
 */
export async function selectByAgreement(options: SelectOptions): Promise<Selection> {
  const tests = await mergeTests(options.language, options.rawTests, options.assertionsPerAnswer);
  const matrix = await runAgreementMatrix({
    language: options.language,
    candidates: options.candidates,
    ...(options.weights ? { weights: options.weights } : {}),
    tests,
    ...(options.entryPoint ? { entryPoint: options.entryPoint } : {}),
    runner: options.runner,
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const method = options.method ?? 'vouch';
  const weights = options.weights ? { weights: options.weights } : {};
  const ranking =
    method === 'vouch'
      ? rankCandidates({ matrix, ...weights, ...(options.logprobs ? { logprobs: options.logprobs } : {}) })
      : method === 'b4'
        ? rankB4(matrix, weights)
        : rankByAgreement(matrix.passes, { method, assertionWeights: tests.counts, ...weights });
  const unranked = unrankedReason(matrix);
  return { tests, matrix, ranking, ...(unranked ? { unranked } : {}) };
}
