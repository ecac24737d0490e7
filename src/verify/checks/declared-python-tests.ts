import type { TestCaseResult } from './test-results.js';

/**
 * The tests a pytest or unittest file declares, read from its text in vouch's process (nothing of it is
 * imported): module-level `test*` functions, and `test*` methods of `Test*` classes or TestCase subclasses.
 * A witness the code under test cannot reach (issue 55): the run's report, which that code can rewrite from
 * inside the interpreter, is held against it — a passing test no test file declares, or a declared test that
 * never reported (dropped by a collection hook, deselected), is not evidence.
 */
export interface DeclaredPythonTests {
  names: Set<string>;
  /**
   * names may come from elsewhere: inherited from a base class of another module, imported
   * (`from x import test_y`, `import *`), or made at run time (`setattr`, `exec`, `load_tests`)
   */
  dynamic: boolean;
}

const TEST_CASE_BASES = /^\s*(?:(?:unittest\.)?(?:Isolated)?(?:Async)?TestCase|object|)\s*$/;

export function declaredPythonTests(code: string): DeclaredPythonTests {
  const names = new Set<string>();
  let dynamic =
    /\b(?:setattr|exec|load_tests|pytest_generate_tests)\s*\(|^[^\S\n\r\u2028\u2029]*from\s+\S+\s+import\s+(?:\*|[^\n]*\btest\w*)|globals\(\)\s*\[/m.test(
      code,
    );
  let inClass: { indent: number | undefined; collected: boolean } | undefined;
  for (const line of code.split('\n')) {
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      inClass = undefined;
      const cls = /^class\s+(\w+)\s*(?:\(([^)]*)\))?\s*:/.exec(line);
      if (cls) {
        const bases = (cls[2] ?? '').split(',').map((base) => base.trim());
        const testCase = bases.some((base) => /\bTestCase$/.test(base));
        if (bases.some((base) => !TEST_CASE_BASES.test(base))) dynamic = true;
        inClass = { indent: undefined, collected: cls[1]!.startsWith('Test') || testCase };
        continue;
      }
      const fn = /^(?:async\s+)?def\s+(test\w*)\s*\(/.exec(line);
      if (fn) names.add(fn[1]!);
      continue;
    }
    if (!inClass) continue;
    inClass.indent ??= indent;
    if (indent !== inClass.indent) continue;
    const method = /^\s*(?:async\s+)?def\s+(test\w*)\s*\(/.exec(line);
    if (method && inClass.collected) names.add(method[1]!);
  }
  return { names, dynamic };
}

/** A reported test's own name: pytest's `file::Class::test_x[param]`, unittest's `module.Class.test_x`. */
function leafName(test: TestCaseResult): string {
  const name = test.name.replace(/\[[\s\S]*$/, '').replace(/\s*\(.*$/, '');
  const parts = name.split(/::|\./);
  return parts[parts.length - 1] ?? name;
}

/** Why the reported tests are not evidence against what the files declare; empty when they agree. */
export function undeclaredPythonTests(
  tests: readonly TestCaseResult[],
  declared: readonly DeclaredPythonTests[],
): string[] {
  if (declared.length === 0) return [];
  const names = new Set(declared.flatMap((file) => [...file.names]));
  const dynamic = declared.some((file) => file.dynamic);
  const problems: string[] = [];
  const reported = new Set(tests.map(leafName));
  if (!dynamic)
    for (const test of tests)
      if (test.status === 'passed' && !names.has(leafName(test)))
        problems.push(`test \`${test.name}\` passed, but no test file declares it: not evidence`);
  const missing = [...names].filter((name) => !reported.has(name));
  if (missing.length > 0 && tests.length > 0)
    problems.push(
      `the test files declare ${missing.map((name) => `\`${name}\``).join(', ')}, which never reported: a test left out of the run (a collection hook, a deselect) is not evidence`,
    );
  return problems;
}
