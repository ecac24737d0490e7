import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import type { Check, CheckContext, CheckSubject, Finding } from '../../core/check.js';
import { humanReason } from '../../core/human-reason.js';
import { escapeRegExp } from '../../core/regexp.js';
import type { SandboxReport } from '../../core/report-channel.js';
import { detectEnvironment } from '../../workspace/environment/index.js';
import { findPythonInterpreter } from '../runners/python-interpreter.js';
import { isEsmSource, transpileTypeScript } from '../runners/transpile-typescript.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import { markDeclaredFailures } from './declared-failures.js';
import {
  declaredPythonTests,
  projectSkipFiles,
  undeclaredPythonSkips,
  undeclaredPythonTests,
} from './declared-python-tests.js';
import { declaredTests } from './declared-tests.js';
import { javascriptSkipVerdicts } from './javascript-skips.js';
import { nodeTestCommand, nodeTestResults } from './node-test-run.js';
import { pytestRun, pythonTestResults, unittestRun } from './python-test-run.js';
import { checkResult, errorResult, hasTargetPath, sandboxDecision, skipResult } from './support.js';
import {
  emptyJestReport,
  jestFileErrors,
  jestReportProblems,
  parseJestJson,
  type TestCaseResult,
} from './test-results.js';

export type TestFrameworkName = 'pytest' | 'unittest' | 'node:test' | 'vitest' | 'jest';

interface Plan {
  framework: TestFrameworkName;
  /** the tests cannot run with what the project has (a runner is missing): why, and how to add it */
  cannotRun?: string;
  overlay: Record<string, string>;
  command: string[];
  env: Record<string, string>;
  readOnlyPaths: string[];
  parse: (stdout: string, stderr: string) => TestCaseResult[];
  testFiles: string[];
  /**
   * Python: vouch's pytest plugin or unittest runner (files beside the run) reports the results on the
   * run's report channel; node:test: vouch's driver does (node-test-run.ts). They are read from there,
   * never from stdout
   */
  reported?: {
    files: Record<string, string>;
    results: (report: SandboxReport | undefined) => ReportedResults;
  };
  /** vitest and jest: why the JSON report on stdout is not evidence for the files that ran, if it is not */
  audit?: (stdout: string) => string[];
}

interface ReportedResults {
  tests: TestCaseResult[];
  finished: boolean;
  exitStatus?: number;
  problem?: string;
  /** reported tests left out, and why they are not evidence */
  refused?: string[];
}

/** Every run's stdout and stderr are cut here (`truncated`): a report past it is never read. */
const OUTPUT_BYTES = 4 << 20;
/** pytest's exit status when it collected no test (and unittest's, from Python 3.12). */
const PYTEST_NO_TESTS = 5;

function posixJoin(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

async function pythonPlan(subject: CheckSubject, root: string, frameworks: string[]): Promise<Plan> {
  const python = findPythonInterpreter(root);
  const candidate = hasTargetPath(subject.path) ? subject.path : 'solution.py';
  const dir = dirname(candidate);
  const overlay: Record<string, string> = { [candidate]: subject.code };
  const testFiles = (subject.tests ?? []).map(
    (_, index) => subject.testPaths?.[index] ?? posixJoin(dir, `test_vouch_generated_${index}.py`),
  );
  testFiles.forEach((file, index) => {
    overlay[file] = subject.tests?.[index] as string;
  });
  const installed = await hasPytest(root, python.path, python.readOnlyPaths);
  const pytest = installed && (frameworks.includes('pytest') || !frameworks.includes('unittest'));
  const pytestStyle = (subject.tests ?? []).some(isPytestStyle);
  // The candidate's own directory first on the path: tests import it by its module name (`from solution import f`).
  // As the project runs them (`python -m pytest FILE` from its root), the tests get only what the project
  // gives them: its root on the path, its conftest files, its pytest settings.
  const env: Record<string, string> = subject.asProject
    ? {}
    : { PYTHONPATH: [join(root, dir === '.' ? '' : dir), root].join(':') };
  if (pytestStyle && !installed) {
    // unittest would collect nothing from bare test functions and report 0/0: the tests would never run
    return {
      framework: 'pytest',
      cannotRun: `the tests are written for pytest, which ${python.source === 'venv' ? `the project's interpreter (${relative(root, python.path)})` : 'the system Python'} does not have: ${
        python.source === 'venv'
          ? `install it (\`${relative(root, join(dirname(python.path), 'pip'))} install pytest\`, and add it to the project's dev dependencies)`
          : 'install it (`apt-get install python3-pytest`, or `pip install pytest` in a virtualenv of the project)'
      }, or give unittest tests`,
      overlay,
      env,
      readOnlyPaths: python.readOnlyPaths,
      command: [],
      parse: () => [],
      testFiles,
    };
  }
  const run = pytest ? pytestRun(python.path, testFiles) : unittestRun(python.path, testFiles);
  const declared = (subject.tests ?? []).map(declaredPythonTests);
  // the user's project as it is on disk, not the overlay: what its conftest files and pytest settings skip
  const projectSkips = projectSkipFiles({
    testFiles,
    read: (path) => readTextIfFile(join(root, path)),
    overlaid: new Set(Object.keys(overlay)),
  });
  return {
    framework: pytest ? 'pytest' : 'unittest',
    overlay,
    env,
    readOnlyPaths: python.readOnlyPaths,
    command: run.command,
    parse: () => [],
    testFiles,
    reported: {
      files: run.files,
      // held against the tests the files declare, read here: the report comes from inside the interpreter
      // the code under test runs in
      results: (report) => {
        const results = pythonTestResults(report);
        return {
          ...results,
          refused: [
            ...undeclaredPythonTests(results.tests, declared),
            ...undeclaredPythonSkips(results.tests, declared, projectSkips),
          ],
        };
      },
    },
  };
}

function readTextIfFile(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

async function hasPytest(root: string, python: string, readOnlyPaths: string[]): Promise<boolean> {
  const result = await runInSandbox({
    command: [python, '-c', 'import pytest'],
    projectDir: root,
    readOnlyPaths,
    limits: { wallMs: 10_000 },
  });
  return result.status === 'ok';
}

/**
 * A `class X(… TestCase …):` line: each class head read up to its `)` once. A regex `[^)]*` from every
 * `class X(` would read on to the same `)` again from each (a file of unclosed heads took seconds).
 */
function hasTestCaseClass(code: string): boolean {
  const head = /^class\s+\w+\s*\(/gm;
  for (let match = head.exec(code); match; match = head.exec(code)) {
    const open = match.index + match[0].length;
    const close = code.indexOf(')', open);
    if (close === -1) return false;
    const colon = /\)\s*:/y;
    colon.lastIndex = close;
    if (/\bTestCase\b/.test(code.slice(open, close)) && colon.test(code)) return true;
    head.lastIndex = close + 1;
  }
  return false;
}

/**
 * Tests written for pytest: bare `test_` functions at module level or pytest imported, and no
 * unittest.TestCase class (unittest runs only those).
 */
export function isPytestStyle(code: string): boolean {
  if (hasTestCaseClass(code)) return false;
  return (
    /^(?:async\s+)?def\s+test\w*\s*\(/m.test(code) ||
    // blanks before an import without `\s`, which would read every blank line from each line start (quadratic)
    /^[^\S\n\r\u2028\u2029]*(?:import\s+pytest\b|from\s+pytest\b)/m.test(code)
  );
}

/** Relative specifiers that name the candidate (`./solution`, `./solution.js`, `./solution.ts`) → its emitted file. */
function pointAtCandidate(code: string, candidateBase: string, emitted: string): string {
  const pattern = new RegExp(`(['"])\\./${escapeRegExp(candidateBase)}(?:\\.[cm]?[jt]sx?)?\\1`, 'g');
  return code.replace(pattern, `$1./${emitted}$1`);
}

/**
 * A package linked from outside the project (npm link, a monorepo's hoisted node_modules, pnpm stores
 * elsewhere) must be mounted too, or its symlink dangles in the sandbox: the enclosing node_modules.
 */
export function linkedModules(root: string, name: string): string[] {
  let real: string;
  try {
    real = realpathSync(join(root, 'node_modules', name));
  } catch {
    return [];
  }
  if (real.startsWith(root + sep)) return [];
  let dir = real;
  while (basename(dir) !== 'node_modules' && dirname(dir) !== dir) dir = dirname(dir);
  return basename(dir) === 'node_modules' ? [dir] : [dirname(real)];
}

/** The lines of a failed run that say why: errors first, else the end. */
function failureSummary(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const errors = lines.filter((line) => /error|cannot find|not found|exception/i.test(line));
  // a runner's JSON report (vitest, jest) is described, not pasted into the message
  return humanReason((errors.length ? errors.slice(0, 3) : lines.slice(-3)).join(' ')).slice(0, 400);
}

function javascriptPlan(subject: CheckSubject, root: string, frameworks: string[]): Plan {
  const typescript = subject.language === 'typescript' || subject.language === 'tsx';
  const candidate = hasTargetPath(subject.path) ? subject.path : typescript ? 'solution.ts' : 'solution.js';
  const dir = dirname(candidate);
  const base = basename(candidate, extname(candidate));
  const runner = (['vitest', 'jest'] as const).find(
    (name) => frameworks.includes(name) && existsSync(join(root, 'node_modules', name, 'package.json')),
  );
  const overlay: Record<string, string> = {};
  const testFiles: string[] = [];
  // the project runs its tests with vitest or jest and has not installed it: node:test would run tests
  // written for them and blame the code for `test is not defined` (r40)
  const missing = (['vitest', 'jest'] as const).find((name) => frameworks.includes(name));
  if (!runner && missing && !frameworks.includes('node:test'))
    return {
      framework: missing,
      cannotRun: `the project runs its tests with ${missing} (its package.json or config names it), which is not installed in node_modules: install the project's dependencies (\`npm install\`), or add it (\`npm install --save-dev ${missing}\`)`,
      overlay,
      command: [],
      env: {},
      readOnlyPaths: [],
      parse: () => [],
      testFiles,
    };
  if (runner) {
    // vitest and jest transform TypeScript themselves: the files go in as written.
    overlay[candidate] = subject.code;
    (subject.tests ?? []).forEach((test, index) => {
      const file =
        subject.testPaths?.[index] ??
        posixJoin(dir, `vouch-generated-${index}.test${typescript ? '.ts' : '.js'}`);
      overlay[file] = test;
      testFiles.push(file);
    });
    const bin =
      runner === 'vitest'
        ? join(root, 'node_modules/vitest/vitest.mjs')
        : join(root, 'node_modules/jest/bin/jest.js');
    const command =
      runner === 'vitest'
        ? // vouch runs the tests for their results, never for the project's coverage report: a config that
          // turns coverage on without its provider installed made vitest refuse to run (w235)
          [
            'node',
            bin,
            'run',
            '--reporter=json',
            '--no-color',
            '--coverage.enabled=false',
            ...testFiles.map((file) => join(root, file)),
          ]
        : [
            'node',
            bin,
            '--json',
            '--ci',
            '--no-cache',
            '--runTestsByPath',
            ...testFiles.map((file) => join(root, file)),
          ];
    return {
      framework: runner,
      overlay,
      command,
      env: { CI: '1' },
      readOnlyPaths: linkedModules(root, runner),
      parse: (stdout) => markDeclaredFailures(parseJestJson(stdout), subject.tests ?? []),
      audit: (stdout) =>
        jestReportProblems(
          stdout,
          testFiles.map((file) => join(root, file)),
        ),
      testFiles,
    };
  }
  if (subject.testPaths?.length && (!typescript || subject.asProject)) {
    // The tests where they live, as the project runs them: `node --test FILE`, as written. node:test has no
    // way of its own to run TypeScript: a TypeScript suite runs type-stripped beside the code below (named
    // as the user's file), and cannot be run as the project would.
    if (typescript)
      return {
        framework: 'node:test',
        cannotRun:
          'node:test cannot run a TypeScript suite where it is written (the project has no vitest or jest): it ran type-stripped beside the code only',
        overlay,
        command: [],
        env: {},
        readOnlyPaths: [],
        parse: () => [],
        testFiles,
      };
    overlay[candidate] = subject.code;
    (subject.tests ?? []).forEach((test, index) => {
      const file = subject.testPaths?.[index] ?? posixJoin(dir, `vouch-generated-${index}.test.js`);
      overlay[file] = test;
      testFiles.push(file);
    });
    return nodeTestPlan(root, overlay, testFiles);
  }
  // node:test: type-strip everything, emit ESM or CommonJS explicitly, and point the tests at the emitted candidate.
  const candidateJs = typescript ? transpileTypeScript(subject.code, candidate) : subject.code;
  const emitted = `${base}${isEsmSource(candidateJs) ? '.mjs' : '.cjs'}`;
  overlay[posixJoin(dir, emitted)] = candidateJs;
  (subject.tests ?? []).forEach((test, index) => {
    const js = pointAtCandidate(
      typescript ? transpileTypeScript(test, `test-${index}.ts`) : test,
      base,
      emitted,
    );
    const file = posixJoin(dir, `vouch-generated-${index}.test${isEsmSource(js) ? '.mjs' : '.cjs'}`);
    overlay[file] = js;
    testFiles.push(file);
  });
  return nodeTestPlan(root, overlay, testFiles);
}

/**
 * node:test through vouch's driver, results on the report channel (node-test-run.ts). Only tests declared
 * in a test file count: node --test lists a test file that ran no test as a test of its own and passes it
 * when the file exits 0, and a candidate can register tests of its own (a pass named as the suite's test,
 * then `process.exit(0)` before the real one ran).
 */
function nodeTestPlan(root: string, overlay: Record<string, string>, testFiles: string[]): Plan {
  const declared = new Map(
    testFiles.map((file) => [join(root, file), declaredTests(overlay[file] ?? '', file)] as const),
  );
  return {
    framework: 'node:test',
    overlay,
    command: nodeTestCommand(testFiles.map((file) => join(root, file))),
    env: {},
    readOnlyPaths: [],
    parse: () => [],
    testFiles,
    reported: { files: {}, results: (report) => nodeTestResults(report, root, declared) },
  };
}

/**
 * A candidate's tests are a function's tests: the framework's start (vitest or jest: a few seconds on a
 * busy machine) and a moment for the tests. A candidate that never returns used to cost 120 s per round
 * (365 s with two repair rounds); `--timeout` sets another limit.
 */
export const DEFAULT_TEST_RUN_MS = 20_000;

function findingFor(test: TestCaseResult, plan: Plan, shown: (file: string) => string): Finding {
  return {
    ruleId: test.status === 'error' ? 'test-error' : 'test-failed',
    file: shown(test.file ?? plan.testFiles[0] ?? '<tests>'),
    line: test.line ?? 1,
    column: 1,
    severity: 'high',
    message: `test \`${test.name}\` ${test.status === 'error' ? 'errored' : 'failed'}${test.message ? `: ${test.message}` : ''}`,
    hint: 'the candidate does not do what the test expects; fix the code (or the test, if the test is wrong)',
    tool: plan.framework,
  };
}

/** The project's vite or vitest config file, by vite's names, if it has one at its root. */
function viteConfigFile(root: string): string | undefined {
  for (const tool of ['vitest', 'vite'])
    for (const extension of ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'])
      if (existsSync(join(root, `${tool}.config.${extension}`))) return `${tool}.config.${extension}`;
  return undefined;
}

/** Runs the given tests against the candidate in the sandbox with the project's framework; results per test. */
export async function runTests(
  subject: CheckSubject,
  context: CheckContext,
): Promise<{ plan: Plan; tests: TestCaseResult[]; findings: Finding[]; status: string; output: string }> {
  const root = context.workspaceRoot;
  const environment = await detectEnvironment(root);
  const frameworks = environment.testFrameworks.map((framework) => framework.name);
  const plan =
    subject.language === 'python'
      ? await pythonPlan(subject, root, frameworks)
      : javascriptPlan(subject, root, frameworks);
  if (plan.cannotRun) return { plan, tests: [], findings: [], status: 'not-run', output: '' };
  const runLimit = context.runTimeoutMs ?? DEFAULT_TEST_RUN_MS;
  const result = await runInSandbox({
    command: plan.command,
    projectDir: root,
    overlay: plan.overlay,
    cwd: root,
    env: plan.env,
    readOnlyPaths: plan.readOnlyPaths,
    limits: { wallMs: runLimit, cpuMs: runLimit, memoryMb: 2048, outputBytes: OUTPUT_BYTES },
    unsafeNoSandbox: context.unsafeNoSandbox,
    signal: context.signal,
    ...(plan.reported ? { files: plan.reported.files, report: true } : {}),
  });
  const reported = plan.reported ? plan.reported.results(result.report) : undefined;
  const reportedTests = (reported ? reported.tests : plan.parse(result.stdout, result.stderr)).map((test) =>
    test.file && isAbsolute(test.file) ? { ...test, file: relative(root, test.file) } : test,
  );
  // a test is named as the user knows it (the file it was read from), where vouch ran a copy of it
  const shown = (file: string) => {
    const index = plan.testFiles.indexOf(file);
    return index >= 0 ? (subject.testPaths?.[index] ?? file) : file;
  };
  const firstFile = shown(plan.testFiles[0] ?? '<tests>');
  const javascript = subject.language !== 'python';
  // skips that hide a failure, or that the test files never asked for (w198)
  const skips = javascript
    ? javascriptSkipVerdicts(
        reportedTests,
        plan.testFiles.map((file) => ({ file, code: plan.overlay[file] ?? '' })),
      )
    : { tests: reportedTests, refused: [] };
  const tests = skips.tests;
  const findings = tests
    .filter((test) => test.status === 'failed' || test.status === 'error')
    .map((test) => findingFor(test, plan, shown));
  const output = `${result.stdout}\n${result.stderr}`.trim();
  const problem = (ruleId: string, message: string, hint: string): Finding => ({
    ruleId,
    file: firstFile,
    line: 1,
    column: 1,
    severity: 'high',
    message,
    hint,
    tool: plan.framework,
  });
  // What the runner printed past the limit was never read: a report cut there, or one the code under
  // test printed before it (and then enough to push the real one past the limit), is no verdict.
  if (javascript && result.truncated)
    findings.push(
      problem(
        'tests-output-cut',
        `the run's output was cut at ${OUTPUT_BYTES >> 20} MiB: not verified`,
        'the candidate or its tests print too much under test; a verdict needs the whole report',
      ),
    );
  for (const message of [...(reported?.refused ?? []), ...skips.refused])
    findings.push(
      problem(
        'tests-not-evidence',
        message,
        'only the tests a test file declares count; the candidate must not register tests',
      ),
    );
  // vitest ran and matched none of the files: the project's `include` leaves them out (r40: the message
  // used to say the report was forged and ask about an import error)
  const unmatched =
    plan.framework === 'vitest' && !result.truncated && tests.length === 0 && emptyJestReport(result.stdout);
  if (unmatched)
    findings.push(
      problem(
        'tests-not-run',
        `vitest found none of the test files (${plan.testFiles.map(shown).join(', ')}): the project's vitest settings leave them out (\`test.include\`${viteConfigFile(root) ? ` in ${viteConfigFile(root)}` : ", vitest's default **/*.{test,spec}.?(c|m)[jt]s?(x)"} does not match them)`,
        "add a pattern that matches them to `test.include` in the project's vitest config (e.g. 'src/**/*.test.ts'), or give test files where the project keeps its tests",
      ),
    );
  if (javascript && !result.truncated && !unmatched)
    for (const message of plan.audit?.(result.stdout) ?? [])
      findings.push(
        problem(
          'tests-report-mismatch',
          `${plan.framework}'s report is not evidence: ${message}`,
          'the report on stdout was written or changed by something other than the runner',
        ),
      );
  if (result.status === 'timeout' || result.status === 'memory' || result.status === 'killed') {
    findings.push({
      ruleId: `tests-${result.status}`,
      file: firstFile,
      line: 1,
      column: 1,
      severity: 'high',
      message: `the test run ended with \`${result.status}\`: ${result.reason ?? ''}`.trim(),
      hint:
        result.status === 'timeout'
          ? `the candidate hangs or loops under test (each run may take ${runLimit / 1000} s; a slower suite: --timeout SECONDS)`
          : 'the candidate uses too much memory under test, or the run was cut short',
      tool: plan.framework,
    });
  } else if (reported && !reported.finished && tests.length > 0) {
    // results without the run's end: the process left before pytest finished (os._exit at import, a
    // module that ended it), or the channel was written by something else
    findings.push({
      ruleId: 'tests-not-finished',
      file: firstFile,
      line: 1,
      column: 1,
      severity: 'high',
      message: `${plan.framework} did not reach the end of its run (${result.status}${reported.problem ? `: ${reported.problem}` : ''}): what it reported before does not count`,
      hint: 'the candidate or the tests end the process early; a verdict needs the whole run',
      tool: plan.framework,
    });
  } else if (reported?.finished && reported.exitStatus === PYTEST_NO_TESTS && tests.length === 0) {
    // pytest's "no tests collected" (a module-level pytest.skip, an empty file): nothing ran, which the
    // check says as not verified (no test ran), never as a failure of the code
  } else if (
    reported?.finished &&
    reported.exitStatus !== 0 &&
    tests.length > 0 &&
    tests.every((test) => test.status === 'passed')
  ) {
    findings.push({
      ruleId: 'tests-failed-exit',
      file: firstFile,
      line: 1,
      column: 1,
      severity: 'high',
      message: `${plan.framework} exited ${reported.exitStatus} though every test it reported passed: ${failureSummary(`${result.stdout}\n${result.stderr}`)}`,
      hint: "see the run's output",
      tool: plan.framework,
    });
  } else if (
    result.exitCode !== 0 &&
    tests.length > 0 &&
    tests.every((test) => test.status === 'passed' || test.status === 'skipped')
  ) {
    // the runner's own word, as the sandbox's parent sees the process end: it exits non-zero when a test
    // failed or the run went wrong, whatever the report on stdout or the channel says. For pytest and
    // unittest this is the witness outside the interpreter: a candidate that rewrote what vouch's plugin
    // sends (issue 55) must also make the process exit 0, which the harness check looks for
    findings.push(
      problem(
        'tests-failed-exit',
        `${plan.framework} exited ${result.exitCode ?? result.signal ?? result.status} though every test it reported passed: ${failureSummary(output)}`,
        "see the run's output",
      ),
    );
  } else if (tests.length === 0 && result.status !== 'ok' && !unmatched) {
    // vite writing its bundled config into the read-only project (r40: EROFS on .vite-temp, EACCES beside
    // the config for vite 5): said as what it is, not as an import error
    const configWrite = /\b(?:EROFS|EACCES)\b[^\n]{0,300}?(?:\.vite-temp\S*|\.timestamp-\S*)/.exec(output);
    findings.push({
      ruleId: 'tests-not-run',
      file: firstFile,
      line: 1,
      column: 1,
      severity: 'high',
      ...(configWrite
        ? {
            message: `${plan.framework} ran no test: it bundles the project's config into a file it writes (${configWrite[0].trim()}), and the project is read-only in the sandbox`,
            hint: configWrite[0].includes('.vite-temp')
              ? 'vite writes node_modules/.vite-temp, which vouch makes writable only where node_modules is a real folder of the project: install the dependencies in the project (npm install) rather than linking node_modules'
              : 'vite before 6 (vitest 2) writes the bundled config beside it, in the project: upgrade to vitest 3 or later (it writes under node_modules/.vite-temp, which vouch makes writable), or run the tests without a config file',
          }
        : {
            message: `${plan.framework} ran no test: ${jestFileErrors(result.stdout).join('; ').slice(0, 400) || failureSummary(output)}`,
            hint: 'the tests could not be collected (an import error in the candidate or the tests?)',
          }),
      tool: plan.framework,
    });
  }
  return { plan, tests, findings, status: result.status, output };
}

/** `tests`: the tests a task produced (or the caller gave), run against the candidate in the sandbox. */
export const testsCheck: Check = {
  name: 'tests',
  languages: ['python', 'javascript', 'typescript', 'tsx'],
  async run(subject, context) {
    const started = performance.now();
    if (!subject.tests?.length) return skipResult('tests', started, 'no tests were given for this code');
    const decision = await sandboxDecision(context);
    if (!decision.allowed) return errorResult('tests', started, decision.reason ?? 'no sandbox');
    const run = await runTests(subject, context);
    const details = { framework: run.plan.framework, tests: run.tests, runStatus: run.status };
    if (run.plan.cannotRun) return { ...errorResult('tests', started, run.plan.cannotRun), details };
    const passed = run.tests.filter((test) => test.status === 'passed').length;
    const ran = run.tests.filter((test) => test.status !== 'skipped').length;
    const expected = run.tests.filter((test) => test.expectedFailure).length;
    const result = checkResult({
      name: 'tests',
      started,
      findings: run.findings,
      extra: {
        reason: `${run.plan.framework}: ${passed}/${run.tests.length} passed${expected ? ` (${expected} declared to fail, not counted: an expected failure is no evidence)` : ''}${decision.reason ? `; ${decision.reason}` : ''}`,
        details,
      },
    });
    if (run.findings.length > 0) return { ...result, blocking: true };
    // A test declared to fail that did fail says the code does not do what it asks: whatever passed
    // beside it, nothing shows the code works there, so the run is not a pass
    if (expected > 0) {
      return {
        ...result,
        status: 'error',
        reason: `${run.plan.framework}: ${passed}/${run.tests.length} passed; ${expected} declared to fail (xfail, expectedFailure, it.fails) and did: the code does not do what ${expected === 1 ? 'that test asks' : 'those tests ask'}, so it is not verified`,
      };
    }
    // Zero tests run is never a pass: nothing was verified (a framework that collected nothing, all skipped).
    if (ran === 0) {
      return {
        ...result,
        status: 'error',
        reason: `${run.plan.framework} ran no test${run.tests.length ? ` (${run.tests.length} skipped)` : ''}: the code is not verified by its tests${run.output ? ` — ${failureSummary(run.output)}` : ''}`,
      };
    }
    return result;
  },
};
