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
  /**
   * the tests whose own source (decorators and body) asks for a skip (`@pytest.mark.skip`, `skipif`,
   * `xfail`, `pytest.skip(`, `self.skipTest(`, `@unittest.skip…`, `SkipTest`), and `async def` tests, which
   * pytest without an async plugin skips of its own accord
   */
  skips: Set<string>;
  /**
   * of `skips`, the `async def` tests that ask for no skip in their source: only pytest's own skip of an
   * async test (its message says so) is the one they declare
   */
  asyncOnly: Set<string>;
  /**
   * a skip asked for outside any test (`pytestmark`, a fixture, `setUp`, a class decorator), or a plugin the
   * file loads (`pytest_plugins`): any may skip
   */
  skipsAny: boolean;
}

/**
 * A skip asked for: a marker, a call or an exception of pytest's or unittest's, or a name imported from
 * them. The word alone is not one (r45: a helper named `_skip_none` turned the refusal off for a whole file).
 */
const SKIP_WORDS =
  /\b(?:pytest|unittest|self|cls|mark)\s*\.\s*(?:skip\w*|xfail|importorskip|expectedFailure)\b|\b(?:SkipTest|Skipped|importorskip|expectedFailure|xfail)\b|^[^\S\n]*@[^\S\n]*skip\w*\b|\bfrom\s+(?:pytest|unittest|_pytest\.\w+)\s+import\b[^\n]{0,300}?\b(?:skip\w*|xfail|SkipTest|Skipped|expectedFailure)\b/m;

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
  return { names, dynamic, ...declaredSkips(code) };
}

/** Which tests' own source asks for a skip, and whether anything outside the tests does. */
function declaredSkips(code: string): Pick<DeclaredPythonTests, 'skips' | 'skipsAny' | 'asyncOnly'> {
  const skips = new Set<string>();
  const asyncOnly = new Set<string>();
  // pytest or unittest imported under another name (`import pytest as _pytest`, as vouch's own examples
  // module does): a skip called through that name is asked for as plainly as `pytest.skip(`
  const aliases = [...code.matchAll(/^[^\S\n]*import\s+(?:pytest|unittest)\s+as\s+(\w+)/gm)].map(
    (m) => m[1] as string,
  );
  const throughAlias =
    aliases.length > 0
      ? new RegExp(
          String.raw`(?<![\w.])(?:${aliases.join('|')})\s*\.\s*(?:skip\w*|xfail|importorskip|expectedFailure|SkipTest)\b`,
        )
      : undefined;
  const asks = (text: string) => SKIP_WORDS.test(text) || (throughAlias?.test(text) ?? false);
  const lines = code.split('\n');
  const outside: string[] = [];
  const indentOf = (line: string) => line.length - line.trimStart().length;
  let decorators: string[] = [];
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at] as string;
    if (/^\s*@/.test(line)) {
      decorators.push(line);
      continue;
    }
    const test = /^(\s*)(async\s+)?def\s+(test\w*)\s*\(/.exec(line);
    if (!test) {
      outside.push(...decorators, line);
      decorators = [];
      continue;
    }
    const own = [...decorators, line];
    decorators = [];
    while (at + 1 < lines.length) {
      const next = lines[at + 1] as string;
      if (next.trim() && indentOf(next) <= (test[1] as string).length) break;
      own.push(next);
      at++;
    }
    const asked = asks(own.join('\n'));
    if (test[2] || asked) skips.add(test[3] as string);
    if (test[2] && !asked) asyncOnly.add(test[3] as string);
  }
  outside.push(...decorators);
  return { skips, asyncOnly, skipsAny: asks(outside.join('\n')) || PLUGINS.test(code) };
}

/** A plugin loaded by name, whose hooks may skip tests: `pytest_plugins = …` in a test file or conftest. */
const PLUGINS = /^[^\S\n\r\u2028\u2029]*pytest_plugins\b/m;

/** pytest's own settings: the file, and the section of it pytest reads (none: the whole file). */
const PYTEST_CONFIGS: readonly (readonly [string, RegExp | undefined])[] = [
  ['pytest.ini', undefined],
  ['.pytest.ini', undefined],
  ['pyproject.toml', /^\[tool\.pytest[^\]]*\]/],
  ['tox.ini', /^\[pytest\]/],
  ['setup.cfg', /^\[tool:pytest\]/],
];

/**
 * A plugin named in pytest's settings (`-p name` in `addopts`, `required_plugins`). A skip word alone there
 * is not (`xfail_strict` skips nothing).
 */
const CONFIG_SKIPS = /(?:^|[\s"'=])-p\s*(?!\s*no:)["']?\w|\brequired_plugins\b/im;

function pytestSection(text: string, header: RegExp | undefined): string {
  if (!header) return text;
  const kept: string[] = [];
  let inside = false;
  for (const line of text.split('\n')) {
    if (/^\s*\[/.test(line)) inside = header.test(line.trim());
    else if (inside) kept.push(line);
  }
  return kept.join('\n');
}

/**
 * The test files for which the user's project asks for skips of its own: a skip word or `pytest_plugins`
 * in a `conftest.py` from the file's folder up to the project root (pytest's documented `--runslow`
 * pattern adds `pytest.mark.skip` in `pytest_collection_modifyitems`; `pytest.importorskip` in a conftest),
 * or, for every file, a plugin named in the pytest settings at the root. Read from the project as it is
 * on disk: a path the run overlays (the candidate, the tests) is never read, so a candidate written as a
 * conftest cannot vouch for its own skips.
 */
export function projectSkipFiles(options: {
  testFiles: readonly string[];
  read: (path: string) => string | undefined;
  overlaid: ReadonlySet<string>;
}): Set<string> {
  const { testFiles, read, overlaid } = options;
  const readOwn = (path: string) => (overlaid.has(path) ? undefined : read(path));
  const config = PYTEST_CONFIGS.some(([file, header]) => {
    const text = readOwn(file);
    return text !== undefined && CONFIG_SKIPS.test(pytestSection(text, header));
  });
  if (config) return new Set(testFiles);
  return new Set(
    testFiles.filter((file) => {
      const parts = file.split('/').slice(0, -1);
      for (let depth = parts.length; depth >= 0; depth--) {
        const conftest = [...parts.slice(0, depth), 'conftest.py'].join('/');
        const text = readOwn(conftest);
        if (text !== undefined && (SKIP_WORDS.test(text) || PLUGINS.test(text))) return true;
      }
      return false;
    }),
  );
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

/** A failed assertion's report: pytest's rewritten `assert …` line, or the exception's name. */
const ASSERTION_MESSAGE = /^\s*(?:Skipped:\s*)?(?:assert\s|AssertionError\b)/;
/** pytest's skip of an async test it cannot run (before 8.4: "async def function and no async plugin installed") */
const ASYNC_SKIP = /\basync def function/;

/**
 * A test reported skipped that no test file asks to skip (r41): its own source has no skip mark or call and
 * nothing around it skips. The skip came from elsewhere — most plainly from code under test that made a
 * failing assert raise pytest's `Skipped` — so it is not a neutral outcome: the run is not evidence.
 */
export function undeclaredPythonSkips(
  tests: readonly TestCaseResult[],
  declared: readonly DeclaredPythonTests[],
  /** test files the project's conftest or pytest settings may skip (projectSkipFiles) */
  projectSkips: ReadonlySet<string> = new Set(),
): string[] {
  if (declared.length === 0) return [];
  const firstLine = (test: TestCaseResult) => test.message?.split('\n')[0]?.slice(0, 120) ?? '';
  const anything = declared.some((file) => file.skipsAny);
  const asked = new Set(declared.flatMap((file) => [...file.skips]));
  const asyncOnly = new Set(declared.flatMap((file) => [...(file.asyncOnly ?? [])]));
  // an async test declares pytest's own skip of it (no async plugin), not any skip: one with another
  // message was skipped by something else (w211)
  const declares = (test: TestCaseResult) =>
    asked.has(leafName(test)) &&
    (!asyncOnly.has(leafName(test)) || test.message === undefined || ASYNC_SKIP.test(test.message));
  // a result that does not say its file may come from any of them
  const projectAsks = (test: TestCaseResult) =>
    test.file === undefined ? projectSkips.size > 0 : projectSkips.has(test.file);
  return tests
    .filter((test) => test.status === 'skipped')
    .flatMap((test) => {
      if (!anything && !declares(test) && !projectAsks(test))
        return [
          `test \`${test.name}\` was skipped${test.message ? ` (${firstLine(test)})` : ''}, but its test file asks for no skip: a skip the tests never declare is what code under test makes of a failing assertion, not evidence`,
        ];
      // whatever declared it, a skip that carries a failed assertion's message is that failure turned into
      // a skip (r45: `Skipped: assert -1 == 5`), not a test the file chose not to run (w211)
      // (an expected failure that failed carries its assertion too: it is counted apart, as "declared to
      // fail and did", never as a pass)
      if (!test.expectedFailure && ASSERTION_MESSAGE.test(firstLine(test)))
        return [
          `test \`${test.name}\` was skipped with a failed assertion's message (${firstLine(test)}): a failing test turned into a skip is not evidence`,
        ];
      return [];
    });
}
