import { readFileSync } from 'node:fs';
import type { CheckContext } from '../../core/check.js';
import { humanReason } from '../../core/human-reason.js';
import { declaredPythonTests, undeclaredPythonTests } from '../../verify/checks/declared-python-tests.js';
import { pytestRun, pythonTestResults, unittestRun } from '../../verify/checks/python-test-run.js';
import type { TestCaseResult } from '../../verify/checks/test-results.js';
import { runTests, type TestFrameworkName } from '../../verify/checks/tests.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import { runInSandbox } from '../../verify/sandbox/index.js';
import { listWorkspaceFiles } from '../../workspace/files.js';
import { type CodeTarget, moduleName } from '../test/target.js';

/** The project's own tests of the target, and what they say about a version of it. */
export interface ExistingTests {
  files: string[];
  /** the files' content, for the differential tester's inputs */
  sources: string[];
}

export interface ExistingRun {
  tests: TestCaseResult[];
  passed: number;
  failed: number;
  status: string;
  /** why nothing ran */
  problem?: string;
}

const PYTHON_TEST = /(^|\/)(test_[^/]*|[^/]*_test)\.py$/;
const JS_TEST = /(\.(test|spec)\.[cm]?[jt]sx?$)|(^|\/)(__tests__|test|tests)\/[^/]+\.[cm]?[jt]sx?$/;

/** A text that imports one of the modules `names` (by its last name). */
function importsOf(names: string[], python: boolean): RegExp {
  const any = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return python
    ? new RegExp(
        `^\\s*(from\\s+[\\w.]*\\b(${any})\\b\\s+import|import\\s+[\\w.]*\\b(${any})\\b|from\\s+[\\w.]+\\s+import\\s+.*\\b(${any})\\b)`,
        'm',
      )
    : new RegExp(`(from\\s*|require\\(\\s*|import\\(\\s*)['"][^'"]*\\b(${any})(\\.[cm]?[jt]sx?)?['"]`);
}

/** A module that passes on what it imports: `export … from './version.js'`, or a package's `__init__.py`. */
function reExports({
  path,
  text,
  names,
  python,
}: {
  path: string;
  text: string;
  names: string[];
  python: boolean;
}): boolean {
  if (python) return /(^|\/)__init__\.py$/.test(path) && importsOf(names, true).test(text);
  const any = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(
    `export\\s*(\\*|\\{[^}]*\\}|\\*\\s*as\\s+\\w+)\\s*from\\s*['"][^'"]*\\b(${any})(\\.[cm]?[jt]sx?)?['"]`,
  ).test(text);
}

/** The names a re-exporting module is imported by: its own, and its folder's for an index or a package. */
function namesOf(path: string): string[] {
  const base = moduleName(path);
  const folder = path.split('/').slice(-2, -1)[0];
  return (base === 'index' || base === '__init__') && folder ? [base, folder] : [base];
}

/**
 * Test files of the project that import the target's module (at most 20), directly or through modules
 * that re-export it (a barrel `src/index.ts`, a package's `__init__.py`; three steps at most): a test that
 * reaches the module only through its barrel tests it all the same.
 */
export async function findExistingTests(root: string, target: CodeTarget): Promise<ExistingTests> {
  const python = target.language === 'python';
  const workspaceFiles = await listWorkspaceFiles(root);
  const isTest = (path: string) => (python ? PYTHON_TEST : JS_TEST).test(path);
  const texts = new Map<string, string>();
  const textOf = (file: (typeof workspaceFiles)[number]) => {
    let text = texts.get(file.path);
    if (text === undefined) {
      text = readFileSync(file.absolutePath, 'utf8');
      texts.set(file.path, text);
    }
    return text;
  };
  const names = new Set([moduleName(target.path)]);
  const barrels = new Set<string>();
  const language = python ? /\.py$/ : /\.[cm]?[jt]sx?$/;
  let step = [...names];
  for (let depth = 0; depth < 3 && step.length > 0; depth++) {
    const found: string[] = [];
    for (const file of workspaceFiles) {
      if (file.path === target.path || barrels.has(file.path) || isTest(file.path)) continue;
      if (!language.test(file.path)) continue;
      if (!reExports({ path: file.path, text: textOf(file), names: step, python })) continue;
      barrels.add(file.path);
      for (const name of namesOf(file.path)) if (!names.has(name)) found.push(name);
    }
    for (const name of found) names.add(name);
    step = found;
  }
  const mentions = importsOf([...names], python);
  const files: string[] = [];
  const sources: string[] = [];
  for (const file of workspaceFiles) {
    if (files.length >= 20) break;
    if (file.path === target.path) continue;
    if (!isTest(file.path)) continue;
    const text = textOf(file);
    if (!mentions.test(text)) continue;
    files.push(file.path);
    sources.push(text);
  }
  return { files, sources };
}

/** Runs the existing test files with the project's framework, the target replaced by `source`. */
export async function runExistingTests(
  what: { target: CodeTarget; source: string; existing: ExistingTests; framework: TestFrameworkName },
  context: CheckContext,
): Promise<ExistingRun> {
  const { target, source, existing, framework } = what;
  if (existing.files.length === 0)
    return { tests: [], passed: 0, failed: 0, status: 'none', problem: 'no existing tests import it' };
  const root = context.workspaceRoot;
  if (target.language !== 'python') return runJavaScriptTests({ target, source, existing, context });
  // Python: vouch's plugin or runner reports on the run's report channel (python-test-run.ts)
  const python = findPythonInterpreter(root);
  const run =
    framework === 'unittest'
      ? unittestRun(python.path, existing.files)
      : pytestRun(python.path, existing.files);
  const result = await runInSandbox({
    command: run.command,
    projectDir: root,
    cwd: root,
    overlay: { [target.path]: source },
    env: { PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: '1' },
    readOnlyPaths: python.readOnlyPaths,
    limits: {
      wallMs: context.runTimeoutMs ?? 180_000,
      cpuMs: context.runTimeoutMs ?? 180_000,
      memoryMb: 2048,
      outputBytes: 4 << 20,
    },
    unsafeNoSandbox: context.unsafeNoSandbox,
    ...(context.signal ? { signal: context.signal } : {}),
    files: run.files,
    report: true,
  });
  const fromChannel = pythonTestResults(result.report);
  // The channel is reachable from the new version (same interpreter: issue 55), so two witnesses outside
  // it must agree: the process's own exit status as the sandbox's parent saw it, and the tests the files
  // declare. A run that never reached its end, or that they contradict, counts no test.
  const allPassed = fromChannel.tests.every((test) => test.status === 'passed' || test.status === 'skipped');
  const contradicted =
    (allPassed && fromChannel.tests.length > 0 && result.exitCode !== 0
      ? `${framework} exited ${result.exitCode ?? result.status} though every test it reported passed`
      : undefined) ?? undeclaredPythonTests(fromChannel.tests, existing.sources.map(declaredPythonTests))[0];
  const tests = fromChannel.finished && !contradicted ? fromChannel.tests : [];
  return existingRun(
    tests,
    result.status,
    contradicted
      ? `the run is no evidence: ${contradicted}`
      : `${framework} ran no test (${result.status}): ${lastLines(`${result.stdout}\n${result.stderr}`)}`,
  );
}

/** What the test check counts a test failure by; any other finding says the run is no evidence at all. */
const TEST_OUTCOMES = new Set(['test-failed', 'test-error']);

/**
 * JavaScript and TypeScript: the test check's own run (verify/checks/tests.ts), the project's test files
 * where they live: node:test under vouch's driver with results on the report channel, vitest or jest with
 * their report audited. What the new version prints (a TAP line, a JSON report) or registers (a passing
 * test of the suite's name, then `process.exit(0)`) is never a result; a run whose report is cut, refused
 * or disagrees with the runner's exit counts no test, so a test that passed before "no longer runs".
 */
async function runJavaScriptTests({
  target,
  source,
  existing,
  context,
}: {
  target: CodeTarget;
  source: string;
  existing: ExistingTests;
  context: CheckContext;
}): Promise<ExistingRun> {
  const run = await runTests(
    {
      code: source,
      language: target.language,
      path: target.path,
      tests: existing.sources,
      testPaths: existing.files,
      asProject: true,
    },
    // a project's own suite, not one function's tests: the test check's 20 s would cut a slow one short
    { ...context, runTimeoutMs: context.runTimeoutMs ?? 180_000 },
  );
  const framework = run.plan.framework;
  if (run.plan.cannotRun) return existingRun([], 'not-run', run.plan.cannotRun);
  const untrusted = run.findings.filter((finding) => !TEST_OUTCOMES.has(finding.ruleId));
  if (untrusted.length > 0)
    return existingRun(
      [],
      run.status,
      `${framework}'s run is not evidence: ${untrusted
        .map((finding) => finding.message)
        .join('; ')
        .slice(0, 400)}`,
    );
  return existingRun(
    run.tests,
    run.status,
    `${framework} ran no test (${run.status}): ${lastLines(run.output)}`,
  );
}

/** A run's tests and counts; `noTest` says why when none counts. */
function existingRun(tests: TestCaseResult[], status: string, noTest: string): ExistingRun {
  const passed = tests.filter((test) => test.status === 'passed').length;
  const failed = tests.filter((test) => test.status === 'failed' || test.status === 'error').length;
  return { tests, passed, failed, status, ...(tests.length === 0 ? { problem: noTest } : {}) };
}

/** The last two lines of what a run printed, for a problem's message. */
function lastLines(output: string): string {
  return humanReason(output.trim().split('\n').slice(-2).join(' ')).slice(0, 300);
}
