import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  renameSync,
  type Stats,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { CheckContext } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { PRIVATE_FILE, privateDirectory } from '../../core/private-files.js';
import { declaredPythonTests, undeclaredPythonTests } from '../../verify/checks/declared-python-tests.js';
import { pytestRun, pythonTestResults } from '../../verify/checks/python-test-run.js';
import {
  jestFileErrors,
  jestReportProblems,
  parseJestJson,
  type TestCaseResult,
} from '../../verify/checks/test-results.js';
import { linkedModules } from '../../verify/checks/tests.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import { runInSandbox } from '../../verify/sandbox/index.js';
import {
  isSecretsFile,
  listWorkspaceFiles,
  type WorkspaceFile,
  workspacePaths,
} from '../../workspace/files.js';
import { cacheStateDir } from '../../workspace/root.js';

/**
 * The project's own test suite, as `change` runs it: every test file of the project (pytest for Python,
 * the project's vitest or jest for JavaScript and TypeScript), in the sandbox over the project (read-only),
 * with a version of some files laid over it (the change's new text, or only its tests on the old code).
 * Results come from vouch's pytest plugin on the run's report channel, or from the runner's JSON report
 * audited against the files that ran; a run that did not reach its end, or whose report the runner's own
 * exit contradicts, counts no test ("no evidence", never a pass).
 */

export type SuiteFramework = 'pytest' | 'vitest' | 'jest';

export interface Suite {
  framework: SuiteFramework | null;
  /** why the suite cannot run with what the project has, when it cannot */
  cannotRun?: string;
  /** every test file of the project (workspace-relative), sorted */
  testFiles: string[];
  /** the workspace's source files of the suite's language (for the import graph) */
  sourceFiles: string[];
}

/** One run of some test files: each test's outcome by id (`file::name`), or why the run is no evidence. */
export interface SuiteRun {
  tests: Map<string, TestCaseResult>;
  /** the test files the run covered */
  files: string[];
  /** the run is evidence (it reached its end and its report is the runner's) */
  trusted: boolean;
  problem?: string;
  durationMs: number;
  /** the "before" came from the baseline cache */
  cached?: boolean;
  /** the end of what the run printed, for the report and the model */
  outputTail: string;
}

const PYTHON_TEST = /(^|\/)(test_[^/]*|[^/]*_test)\.py$/;
const JS_TEST = /\.(test|spec)\.[cm]?[jt]sx?$/;
const JS_SOURCE = /\.[cm]?[jt]sx?$/;

export function isSuiteTestFile(path: string, python: boolean): boolean {
  return (python ? PYTHON_TEST : JS_TEST).test(path);
}

/** The project's suite for a language: its test files and how they run. */
export async function findSuite(
  root: string,
  python: boolean,
  listed?: readonly WorkspaceFile[],
): Promise<Suite> {
  const files = listed ?? (await listWorkspaceFiles(root));
  const sourceFiles = files
    .map((file) => file.path)
    .filter((path) => (python ? path.endsWith('.py') : JS_SOURCE.test(path) && !path.endsWith('.d.ts')));
  const testFiles = sourceFiles.filter((path) => isSuiteTestFile(path, python));
  if (python) return { framework: 'pytest', testFiles, sourceFiles };
  const runner = (['vitest', 'jest'] as const).find((name) =>
    existsSync(join(root, 'node_modules', name, 'package.json')),
  );
  if (!runner)
    return {
      framework: null,
      cannotRun:
        'the project has no vitest or jest in node_modules: change runs a JavaScript or TypeScript suite with the one the project installs (npm install --save-dev vitest)',
      testFiles,
      sourceFiles,
    };
  return { framework: runner, testFiles, sourceFiles };
}

const SUITE_OUTPUT_BYTES = 8 << 20;

/** The test files run in the sandbox over the project with `overlay` laid over it. */
export async function runSuite({
  suite,
  files,
  overlay,
  context,
}: {
  suite: Suite;
  files: readonly string[];
  overlay: Record<string, string>;
  context: CheckContext & { runTimeoutMs: number };
}): Promise<SuiteRun> {
  const started = performance.now();
  const root = context.workspaceRoot;
  const empty = (problem: string, outputTail = ''): SuiteRun => ({
    tests: new Map(),
    files: [...files],
    trusted: false,
    problem,
    durationMs: Math.round(performance.now() - started),
    outputTail,
  });
  if (!suite.framework) return empty(suite.cannotRun ?? 'no test runner');
  if (files.length === 0)
    return { tests: new Map(), files: [], trusted: true, durationMs: 0, outputTail: '' };
  const limits = {
    wallMs: context.runTimeoutMs,
    cpuMs: context.runTimeoutMs * 2,
    memoryMb: 2048,
    processes: 256,
    outputBytes: SUITE_OUTPUT_BYTES,
  };
  const textOf = (file: string) => overlay[file] ?? readText(join(root, file));
  if (suite.framework === 'pytest') {
    const python = findPythonInterpreter(root);
    const run = pytestRun(python.path, files);
    const result = await runInSandbox({
      command: run.command,
      projectDir: root,
      cwd: root,
      ...(Object.keys(overlay).length ? { overlay } : {}),
      env: { PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: '1', CI: '1', NO_COLOR: '1' },
      readOnlyPaths: python.readOnlyPaths,
      limits,
      ...(context.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
      ...(context.signal ? { signal: context.signal } : {}),
      files: run.files,
      report: true,
    });
    const output = tail(`${result.stdout}\n${result.stderr}`);
    const reported = pythonTestResults(result.report);
    if (result.status !== 'ok' && result.status !== 'error' && reported.tests.length === 0)
      return empty(`pytest ended with ${result.status}: ${result.reason ?? ''}`.trim(), output);
    if (!reported.finished)
      return empty(
        `pytest did not reach the end of its run (${result.status}${reported.problem ? `: ${reported.problem}` : ''}): what it reported does not count`,
        output,
      );
    // the report comes from inside the interpreter the code under test runs in: held against the tests
    // the files declare, and against the exit status the sandbox's parent saw
    // a file pytest could not collect (an import the old code lacks) reports its error, not its tests
    const uncollected = new Set(
      reported.tests
        .filter((test) => test.status === 'error' && test.file === test.name)
        .map((test) => test.file),
    );
    const refused = undeclaredPythonTests(
      reported.tests,
      files.filter((file) => !uncollected.has(file)).map((file) => declaredPythonTests(textOf(file) ?? '')),
    );
    if (refused.length > 0) return empty(`the report is not evidence: ${refused[0]}`, output);
    const failed = reported.tests.some((test) => test.status === 'failed' || test.status === 'error');
    if (!failed && reported.tests.some((test) => test.status === 'passed') && result.exitCode !== 0)
      return empty(
        `pytest exited ${result.exitCode ?? result.status} though every test it reported passed`,
        output,
      );
    return {
      tests: byId(reported.tests),
      files: [...files],
      trusted: true,
      durationMs: Math.round(performance.now() - started),
      outputTail: output,
    };
  }
  const absolute = files.map((file) => join(root, file));
  const bin =
    suite.framework === 'vitest'
      ? join(root, 'node_modules/vitest/vitest.mjs')
      : join(root, 'node_modules/jest/bin/jest.js');
  const command =
    suite.framework === 'vitest'
      ? ['node', bin, 'run', '--reporter=json', '--no-color', ...absolute]
      : ['node', bin, '--json', '--ci', '--no-cache', '--runTestsByPath', ...absolute];
  const result = await runInSandbox({
    command,
    projectDir: root,
    cwd: root,
    ...(Object.keys(overlay).length ? { overlay } : {}),
    env: { CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    readOnlyPaths: linkedModules(root, suite.framework),
    limits,
    ...(context.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const output = tail(`${result.stdout}\n${result.stderr}`);
  if (result.truncated) return empty(`the run's output was cut at ${SUITE_OUTPUT_BYTES >> 20} MiB`, output);
  const problems = jestReportProblems(result.stdout, absolute);
  if (problems.length > 0)
    return empty(`${suite.framework}'s report is not evidence: ${problems.join('; ').slice(0, 400)}`, output);
  const tests = parseJestJson(result.stdout).map((test) =>
    test.file?.startsWith(`${root}/`) ? { ...test, file: test.file.slice(root.length + 1) } : test,
  );
  if (tests.length === 0) {
    const errors = jestFileErrors(result.stdout).join('; ').slice(0, 400);
    if (result.status !== 'ok' || errors)
      return empty(
        `${suite.framework} ran no test (${result.status}): ${errors || output.slice(-300)}`,
        output,
      );
  }
  // a test file that failed to load reports no test of its own: it stands as one failed test, so a
  // change that breaks an import is a regression of the file's tests, not a silence
  for (const problem of fileLoadErrors(result.stdout, root))
    if (!tests.some((test) => test.file === problem.file))
      tests.push({ name: '<file>', status: 'error', file: problem.file, message: problem.message });
  const failed = tests.some((test) => test.status === 'failed' || test.status === 'error');
  if (!failed && result.exitCode !== 0)
    return empty(
      `${suite.framework} exited ${result.exitCode ?? result.status} though every test it reported passed`,
      output,
    );
  return {
    tests: byId(tests),
    files: [...files],
    trusted: true,
    durationMs: Math.round(performance.now() - started),
    outputTail: output,
  };
}

/** What vitest's and jest's JSON reports say of each test file, as far as fileLoadErrors reads them. */
const RUNNER_REPORT = z.object({
  testResults: z
    .array(
      z.object({
        name: z.string().optional(),
        status: z.string().optional(),
        message: z.string().optional(),
        assertionResults: z.array(z.unknown()).optional(),
      }),
    )
    .optional(),
});

/** vitest's and jest's JSON: test files that failed as a whole (an import that throws, a syntax error). */
function fileLoadErrors(stdout: string, root: string): { file: string; message: string }[] {
  const start = stdout.indexOf('{');
  if (start < 0) return [];
  try {
    const report = parseExternalJson({
      text: stdout.slice(start),
      schema: RUNNER_REPORT,
      source: "the test runner's JSON report",
    });
    return (report.testResults ?? [])
      .filter((file) => file.status === 'failed' && (file.assertionResults?.length ?? 0) === 0 && file.name)
      .map((file) => ({
        file: file.name!.startsWith(`${root}/`) ? file.name!.slice(root.length + 1) : file.name!,
        message: (file.message ?? 'the file failed to load').slice(0, 400),
      }));
  } catch {
    return [];
  }
}

/** A test's id across runs: its file and its name. */
export function testId(test: TestCaseResult): string {
  return test.file ? `${test.file}::${test.name}` : test.name;
}

function byId(tests: readonly TestCaseResult[]): Map<string, TestCaseResult> {
  return new Map(tests.map((test) => [testId(test), test]));
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function tail(text: string, limit = 3000): string {
  const trimmed = text.trim();
  return trimmed.length <= limit ? trimmed : `…${trimmed.slice(-limit)}`;
}

/** A file larger than this is keyed by its size and time, not read (a data set in the repository). */
const KEYED_BY_CONTENT_BYTES = 8 << 20;

/**
 * The tree's state, for the baseline cache: every file a test may read, by content: git's tracked and
 * untracked-not-ignored files (fixtures, nested configs, any runner config), else the walk of the folder
 * honouring `.gitignore`; vouch's own `.vouch/` left out. A symbolic link counts by where it points (never followed), a secrets file or a
 * very large one by its size and time (a secrets file is never opened). A change anywhere in them is
 * another tree, whose "before" runs again (review r46: a fixture changed by a pull kept a stale "failed").
 */
export async function treeKey(root: string, suite: Suite): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${suite.framework}\0`);
  const paths = [...new Set(await workspacePaths(root))].sort();
  for (const path of paths) {
    // vouch's own folder (its index, written by every run) is no input of the tests
    if (path === '.vouch' || path.startsWith('.vouch/')) continue;
    const absolute = join(root, path);
    let info: Stats | undefined;
    try {
      info = lstatSync(absolute);
    } catch {
      continue;
    }
    hash.update(`${path}\0`);
    if (info.isSymbolicLink()) hash.update(`link\0${readLink(absolute)}\0`);
    else if (!info.isFile()) hash.update('other\0');
    else if (isSecretsFile(path) || info.size > KEYED_BY_CONTENT_BYTES)
      hash.update(`stat\0${info.size}\0${info.mtimeMs}\0`);
    else {
      let bytes: Buffer | undefined;
      try {
        bytes = readFileSync(absolute);
      } catch {
        bytes = undefined;
      }
      if (bytes === undefined) hash.update('unreadable\0');
      else hash.update(`${bytes.length}\0`).update(bytes).update('\0');
    }
  }
  return hash.digest('hex');
}

function readLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/**
 * The "before" of a tree, per test file, so it is not paid twice: kept in memory for the process (a
 * long-lived face) and on disk in the user's cache dir, in the workspace's folder there
 * (`$XDG_CACHE_HOME/vouch/workspaces/<name>-<hash of its real path>/change-baseline/`, workspace/root.ts;
 * only trusted runs are kept). A tree that changed has another key. Never in the workspace: a file there
 * may have come with the repository (a committed `.vouch/change-baseline/` whose test reads "failed" would
 * make a breaking change look verified), and the tree's key hashes contents only, so the same file would
 * be valid in every clone. Only this user's vouch writes the cache dir's folder.
 */
const memory = new Map<string, Map<string, TestCaseResult[]>>();

interface StoredBaseline {
  files: Record<string, TestCaseResult[]>;
}

/** The stored baseline: each test file's results (an entry that is not a list is passed over, as before). */
const STORED_BASELINE = z.object({ files: z.record(z.string(), z.unknown()).optional() });

function baselinePath(root: string, key: string): string {
  return join(cacheStateDir(root), 'change-baseline', `${key.slice(0, 32)}.json`);
}

function loadBaseline(root: string, key: string): Map<string, TestCaseResult[]> {
  const cacheKey = `${root}\0${key}`;
  let files = memory.get(cacheKey);
  if (files) return files;
  files = new Map();
  const path = baselinePath(root, key);
  const text = readText(path);
  if (text)
    try {
      const stored = parseExternalJson({ text, schema: STORED_BASELINE, source: path });
      for (const [file, tests] of Object.entries(stored.files ?? {}))
        if (Array.isArray(tests)) files.set(file, tests as TestCaseResult[]);
    } catch {
      // an unreadable cache is no cache: the baseline runs again
    }
  memory.set(cacheKey, files);
  return files;
}

function storeBaseline(root: string, key: string, files: Map<string, TestCaseResult[]>): void {
  const path = baselinePath(root, key);
  try {
    privateDirectory(dirname(path));
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ files: Object.fromEntries(files) } satisfies StoredBaseline), {
      mode: PRIVATE_FILE,
    });
    renameSync(temporary, path);
  } catch {
    // a cache dir that cannot be written keeps the baseline in memory only
  }
}

/**
 * The suite's "before" for these test files on the tree as it is: the files the cache lacks run now (one
 * run), the others come from the cache. A run that is no evidence is returned as is and not kept.
 */
export async function baselineRun({
  suite,
  key,
  files,
  context,
}: {
  suite: Suite;
  key: string;
  files: readonly string[];
  context: CheckContext & { runTimeoutMs: number };
}): Promise<SuiteRun> {
  const root = context.workspaceRoot;
  const cached = loadBaseline(root, key);
  const missing = files.filter((file) => !cached.has(file));
  let run: SuiteRun | undefined;
  if (missing.length > 0) {
    run = await runSuite({ suite, files: missing, overlay: {}, context });
    if (!run.trusted) return run;
    const perFile = new Map<string, TestCaseResult[]>(missing.map((file) => [file, []]));
    for (const test of run.tests.values()) {
      const file = test.file && perFile.has(test.file) ? test.file : undefined;
      if (file) perFile.get(file)!.push(test);
      else if (missing.length === 1) perFile.get(missing[0]!)!.push(test);
    }
    for (const [file, tests] of perFile) cached.set(file, tests);
    storeBaseline(root, key, cached);
  }
  const tests = new Map<string, TestCaseResult>();
  for (const file of files) for (const test of cached.get(file) ?? []) tests.set(testId(test), test);
  return {
    tests,
    files: [...files],
    trusted: true,
    durationMs: run?.durationMs ?? 0,
    cached: missing.length === 0,
    outputTail: run?.outputTail ?? '',
  };
}
