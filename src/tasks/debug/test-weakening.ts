import type { ChangedFile } from './attempt.js';
import { testConfigurationChange } from './test-configuration.js';

/**
 * What a fix does to the tests it touches. The re-run proves a fix only when the test that failed still
 * asks what it asked: a diff that replaces the failing assertion with `assert True`, marks the test skip or
 * xfail, or catches the error makes the command pass without fixing anything (issue 41). Such a fix is
 * never "fixed" on the re-run alone: what it changed is said, and the engineer decides.
 */
export interface TestWeakening {
  path: string;
  changes: string[];
}

const TEST_PATH =
  /(^|\/)(tests?|__tests__|spec)\/|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$|\.(test|spec)\.[cm]?[jt]sx?$/;

/** Assertions: Python's assert and unittest's assert*, node:assert, expect(…), chai's should/assert. */
const ASSERTION = /^\s*(assert\b|self\.assert\w*\(|assert\.\w+\(|assert\(|expect\(|\w+\.should\b)/;
const TRIVIAL =
  /^\s*(assert\s+(True|1|not\s+(False|None|0))\b|assert\.ok\(\s*(true|1)\s*\)|assert\(\s*(true|1)\s*\)|expect\(\s*(true|1)\s*\)\.(toBe\(\s*(true|1)\s*\)|toBeTruthy\(\)))/;
const SKIPS: [RegExp, string][] = [
  [/@pytest\.mark\.(skip|skipif|xfail)\b|\bpytest\.(skip|xfail)\(/, 'marks a test skip or xfail'],
  [/@unittest\.(skip\w*|expectedFailure)\b|\bself\.skipTest\(/, 'marks a test skip or expected failure'],
  [
    /\b(it|test|describe)\.(skip|todo|fails|failing)\b|\b(xit|xtest|xdescribe)\(|\{\s*(skip|todo)\s*:/,
    'marks a test skip, todo or expected to fail',
  ],
];
const CATCH =
  /^\s*(except\b[^:]*:|except\s*:|}\s*catch\b|catch\s*\(|with\s+(pytest\.raises|contextlib\.suppress|suppress)\b|\.rejects\b|\.toThrow\()/;

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trimEnd());
}

/** The lines only in `after` and only in `before`, as a multiset difference (order does not matter). */
function difference(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const count = new Map<string, number>();
  for (const line of before) count.set(line.trim(), (count.get(line.trim()) ?? 0) + 1);
  const added: string[] = [];
  for (const line of after) {
    const left = count.get(line.trim()) ?? 0;
    if (left > 0) count.set(line.trim(), left - 1);
    else added.push(line);
  }
  const removed: string[] = [];
  for (const [line, left] of count) for (let index = 0; index < left; index++) removed.push(line);
  return { added, removed };
}

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/**
 * How the fix weakens each test file it changes, and every change to test configuration (conftest.py,
 * pytest.ini, a test section, sitecustomize, .pth, a runner's config or test script); empty when it changes
 * no test or only adds to them.
 */
export function testWeakenings(files: readonly ChangedFile[]): TestWeakening[] {
  const found: TestWeakening[] = [];
  for (const file of files) {
    const configuration = testConfigurationChange(file.path, file.text, file.after);
    if (configuration) {
      found.push({ path: file.path, changes: [configuration] });
      continue;
    }
    if (!isTestPath(file.path)) continue;
    const { added, removed } = difference(lines(file.text), lines(file.after));
    const changes: string[] = [];
    const strongRemoved = removed.filter((line) => ASSERTION.test(line) && !TRIVIAL.test(line));
    const strongAdded = added.filter((line) => ASSERTION.test(line) && !TRIVIAL.test(line));
    if (strongRemoved.length > 0)
      changes.push(
        strongAdded.length >= strongRemoved.length
          ? `changes ${strongRemoved.length} assertion(s): ${strongRemoved
              .map((line) => `\`${line.trim()}\``)
              .slice(0, 3)
              .join(', ')}`
          : `removes ${strongRemoved.length - strongAdded.length} assertion(s): ${strongRemoved
              .map((line) => `\`${line.trim()}\``)
              .slice(0, 3)
              .join(', ')}`,
      );
    const trivial = added.filter((line) => TRIVIAL.test(line));
    if (trivial.length > 0) changes.push(`adds an assertion that cannot fail: \`${trivial[0]!.trim()}\``);
    for (const [pattern, what] of SKIPS)
      if (added.some((line) => pattern.test(line)) && !removed.some((line) => pattern.test(line)))
        changes.push(what);
    if (added.some((line) => CATCH.test(line)) && !removed.some((line) => CATCH.test(line)))
      changes.push('catches an error in the test (except / catch / raises)');
    if (changes.length > 0) found.push({ path: file.path, changes });
  }
  return found;
}
