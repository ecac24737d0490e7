import type { TestCaseResult } from './test-results.js';

/**
 * Skips in JavaScript test runs that hide a failure (w198). A skip is no evidence; a skip that carries an
 * assertion's message (`ctx.skip('expected 5')` when the result is wrong, a `test.todo` whose assertion
 * failed, which node:test reports as todo and exits 0 on) is the failure itself, and a test reported skipped
 * from a file that asks for no skip at all was skipped by something else (vitest skips a test whose body
 * throws its own PendingError, which the code under test can throw). Before this the tests check passed
 * `add = (a, b) => a - b` when one other test passed beside such a skip.
 */

/** what an assertion says: the words of node:assert, vitest's and jest's messages, a comparison */
const ASSERTION_MESSAGE =
  /\b(?:expected|expect|expects|assert\w*|AssertionError|to(?:Be|Equal|StrictEqual|Match)\w*|strictly|deep(?:Strict)?Equal|received|actual|but got|got)\b|[!=]==?/i;

export function looksLikeAssertion(message: string | undefined | null): boolean {
  return typeof message === 'string' && ASSERTION_MESSAGE.test(message);
}

/**
 * The test file asks for a skip somewhere: `it.skip`, `test.todo`, `skipIf`, `runIf`, `xit`, a `{ skip }`
 * option, `ctx.skip()`. Read as a word anywhere (a title that says "skip" excuses too: a refusal too few,
 * never a false one).
 */
const SKIP_WORD = /(?<![\w$])(?:skip|todo|skipIf|runIf|xit|xtest|xdescribe|pending)(?![\w$])/;

/**
 * A skip made at run time whose arguments carry an assertion's message: `ctx.skip('expected 5')`,
 * `t.skip(\`got ${x}\`)`, `ctx.skip(add(2, 3) !== 5, 'expected 5')`. A declaration (`it.skip('title', …)`,
 * `test.concurrent.skip(…)`) is made through the test functions and names a title, not a message. The
 * arguments are read up to 300 characters on their line, each call once.
 */
const RUNTIME_SKIP = /(?<![\w$])([\w$]+)\s*\.\s*skip\s*\(/g;
const DECLARERS = /^(?:it|test|describe|suite|concurrent|sequential|only|fails)$/;

/** a test's declaration and its literal title: `test('adds', …)`, `it.concurrent("adds", …)` */
const DECLARATION =
  /(?<![\w$.])(?:it|test)(?:\s*\.\s*[\w$]+)*\s*\(\s*(['"`])((?:(?!\1)[^\\\n]|\\.){0,300})\1/g;

export interface AssertionSkip {
  message: string;
  /** the title of the test declared last before the call (the one whose body holds it), if any */
  test?: string;
}

export function assertionSkipMessages(code: string): AssertionSkip[] {
  const declarations = [...code.matchAll(DECLARATION)].map((match) => ({
    at: match.index ?? 0,
    title: match[2] as string,
  }));
  const skips: AssertionSkip[] = [];
  let next = 0;
  for (const match of code.matchAll(RUNTIME_SKIP)) {
    if (DECLARERS.test(match[1] as string)) continue;
    const start = (match.index ?? 0) + match[0].length;
    const args = code.slice(start, start + 300).split('\n')[0] as string;
    const strings = args.match(/(['"`])(?:(?!\1)[^\\]|\\.)*\1/g) ?? [];
    const message = strings.find((text) => looksLikeAssertion(text.slice(1, -1)));
    if (!message) continue;
    while (next < declarations.length && (declarations[next]?.at ?? 0) < (match.index ?? 0)) next++;
    const test = declarations[next - 1]?.title;
    skips.push({ message: message.slice(1, -1), ...(test === undefined ? {} : { test }) });
  }
  return skips;
}

export interface SkipSource {
  /** the test file as the run's results name it (relative to the project) */
  file: string;
  code: string;
}

/**
 * The skipped tests of a run that are failures (`failed`, with why) and the skips that are no evidence
 * (`refused`): skips from a file whose skip calls carry an assertion's message, and skips from a file that
 * asks for none.
 */
export function javascriptSkipVerdicts(
  tests: readonly TestCaseResult[],
  files: readonly SkipSource[],
): { tests: TestCaseResult[]; refused: string[] } {
  const refused: string[] = [];
  const byFile = new Map(files.map((source) => [source.file, source] as const));
  const messages = new Map(files.map((source) => [source.file, assertionSkipMessages(source.code)] as const));
  const declares = new Map(files.map((source) => [source.file, SKIP_WORD.test(source.code)] as const));
  const undeclared = new Set<string>();
  const judged = tests.map((test): TestCaseResult => {
    if (test.status !== 'skipped' || test.expectedFailure || !test.file) return test;
    const source = byFile.get(test.file);
    if (!source) return test;
    // the skip in this test's body, or any such skip where the call's test is unknown (vitest's full name
    // puts the suites' titles before the test's)
    const said = (messages.get(test.file) ?? []).find(
      (skip) => skip.test === undefined || test.name === skip.test || test.name.endsWith(` ${skip.test}`),
    );
    if (said)
      return {
        ...test,
        status: 'failed',
        message: `skipped with an assertion's message (\`${said.message.slice(0, 120)}\`): a failing check turned into a skip is a failure`,
      };
    if (!declares.get(test.file)) undeclared.add(test.name);
    return test;
  });
  if (undeclared.size > 0)
    refused.push(
      `${[...undeclared]
        .slice(0, 3)
        .map((name) => `\`${name}\``)
        .join(
          ', ',
        )}${undeclared.size > 3 ? ` and ${undeclared.size - 3} more` : ''} reported skipped, though the test file asks for no skip: something else skipped ${undeclared.size === 1 ? 'it' : 'them'} (the code under test can throw the runner's skip), so the run is not evidence`,
    );
  return { tests: judged, refused };
}
