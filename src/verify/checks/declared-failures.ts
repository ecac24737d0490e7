import type { TestCaseResult } from './test-results.js';

/**
 * Tests written to fail: vitest's `it.fails` / `test.fails` (or `{ fails: true }`) and jest's
 * `test.failing`. They pass when their body fails, and vitest's and jest's JSON reports list them as
 * passed like any other, so a wrong assertion wrapped in one made the tests check pass. They are read
 * from the test sources instead, by the titles they declare.
 */
const MODIFIER = String.raw`(?:\.(?:concurrent|sequential|only|each\([^)]*\)|skipIf\([^)]*\)|runIf\([^)]*\)))*`;
const TITLE = String.raw`\s*(['"\x60])((?:\\.|(?!\1)[^\\])*)\1`;
const FAILS_CALL = new RegExp(String.raw`\b(?:it|test)${MODIFIER}\.(?:fails|failing)\s*\(`, 'g');
const FAILS_TITLE = new RegExp(String.raw`\b(?:it|test)${MODIFIER}\.(?:fails|failing)\s*\(${TITLE}`, 'g');
const FAILS_OPTION = new RegExp(
  String.raw`\b(?:it|test)${MODIFIER}\s*\(${TITLE}\s*,\s*\{[^}]*\bfails\s*:\s*true`,
  'g',
);

export interface DeclaredFailures {
  titles: Set<string>;
  /** a test declared to fail whose title is not a plain string (a template, a variable) */
  unnamed: boolean;
}

export function declaredFailures(sources: readonly string[]): DeclaredFailures {
  const titles = new Set<string>();
  let calls = 0;
  let named = 0;
  for (const source of sources) {
    calls += [...source.matchAll(FAILS_CALL)].length;
    for (const match of source.matchAll(FAILS_TITLE)) {
      named++;
      titles.add(match[2] as string);
    }
    for (const match of source.matchAll(FAILS_OPTION)) titles.add(match[2] as string);
  }
  return { titles, unnamed: named < calls };
}

/**
 * The results with every test declared to fail as skipped (an expected failure, no evidence); when one
 * cannot be told by its title, no passed test of the run counts.
 */
export function markDeclaredFailures(
  results: TestCaseResult[],
  sources: readonly string[],
): TestCaseResult[] {
  const declared = declaredFailures(sources);
  if (declared.titles.size === 0 && !declared.unnamed) return results;
  const declaredTitle = (name: string) =>
    [...declared.titles].some((title) => name === title || name.endsWith(` ${title}`));
  return results.map((result) =>
    result.status === 'passed' && (declared.unnamed || declaredTitle(result.name))
      ? {
          ...result,
          status: 'skipped',
          expectedFailure: true,
          message: declared.unnamed
            ? 'the file declares a test that must fail (it.fails / test.failing) under a name vouch cannot read: its passes are not evidence'
            : 'declared to fail (it.fails / test.failing): its failing is no evidence the code works',
        }
      : result,
  );
}
