import { type AgreementRanking, rankByAgreement } from './agreement.js';
import { type MatrixRunner, runAgreementMatrix } from './run-matrix.js';
import { type SplitTests, splitTests, type TestLanguage } from './split-tests.js';

export interface SelectOptions {
  language: TestLanguage;
  /** complete candidate programs */
  candidates: readonly string[];
  /** raw model-written test code, any number of answers, each possibly holding many assertions */
  rawTests: readonly string[];
  entryPoint?: string;
  runner: MatrixRunner;
  testMs?: number;
}

export interface Selection {
  tests: SplitTests;
  /** passes[candidate][assertion] */
  passes: boolean[][];
  ranking: AgreementRanking;
}

/**
 * Picks among candidates by execution agreement: split the tests into assertions, run every candidate
 * against every assertion in the sandbox, group and rank (see agreement.ts). The caller takes
 * `ranking.top` (tied best candidates) or `ranking.order`.
 */
export async function selectByAgreement(options: SelectOptions): Promise<Selection> {
  const split = await Promise.all(options.rawTests.map((raw) => splitTests(options.language, raw)));
  const seen = new Set<string>();
  const tests: SplitTests = { prelude: [], assertions: [], dropped: 0 };
  for (const part of split) {
    for (const statement of part.prelude)
      if (!tests.prelude.includes(statement)) tests.prelude.push(statement);
    for (const assertion of part.assertions) {
      if (seen.has(assertion)) continue;
      seen.add(assertion);
      tests.assertions.push(assertion);
    }
    tests.dropped += part.dropped;
  }
  const passes = await runAgreementMatrix({
    language: options.language,
    candidates: options.candidates,
    tests,
    ...(options.entryPoint ? { entryPoint: options.entryPoint } : {}),
    runner: options.runner,
    ...(options.testMs ? { testMs: options.testMs } : {}),
  });
  return { tests, passes, ranking: rankByAgreement(passes) };
}
