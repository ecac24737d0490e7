import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckContext } from '../../core/check.js';
import { pytestRun, pythonTestResults, unittestRun } from '../../verify/checks/python-test-run.js';
import { parseJestJson, parseTap, type TestCaseResult } from '../../verify/checks/test-results.js';
import type { TestFrameworkName } from '../../verify/checks/tests.js';
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

/** Test files of the project that import the target's module (at most 20). */
export async function findExistingTests(root: string, target: CodeTarget): Promise<ExistingTests> {
  const base = moduleName(target.path);
  const python = target.language === 'python';
  const mentions = python
    ? new RegExp(
        `^\\s*(from\\s+[\\w.]*\\b${base}\\b\\s+import|import\\s+[\\w.]*\\b${base}\\b|from\\s+[\\w.]+\\s+import\\s+.*\\b${base}\\b)`,
        'm',
      )
    : new RegExp(`(from\\s*|require\\(\\s*)['"][^'"]*\\b${base}(\\.[cm]?[jt]sx?)?['"]`);
  const files: string[] = [];
  const sources: string[] = [];
  for (const file of await listWorkspaceFiles(root)) {
    if (files.length >= 20) break;
    if (file.path === target.path) continue;
    if (!(python ? PYTHON_TEST : JS_TEST).test(file.path)) continue;
    const text = readFileSync(file.absolutePath, 'utf8');
    if (!mentions.test(text)) continue;
    files.push(file.path);
    sources.push(text);
  }
  return { files, sources };
}

/** Runs the existing test files with the project's framework, the target replaced by `source`. */
export async function runExistingTests(
  target: CodeTarget,
  source: string,
  existing: ExistingTests,
  framework: TestFrameworkName,
  context: CheckContext,
): Promise<ExistingRun> {
  if (existing.files.length === 0)
    return { tests: [], passed: 0, failed: 0, status: 'none', problem: 'no existing tests import it' };
  const root = context.workspaceRoot;
  let command: string[];
  let env: Record<string, string> = {};
  let readOnlyPaths: string[] = [];
  let parse: (stdout: string, stderr: string) => TestCaseResult[];
  // Python: vouch's plugin or runner reports on the run's report channel (python-test-run.ts)
  let reported: Record<string, string> | undefined;
  if (target.language === 'python') {
    const python = findPythonInterpreter(root);
    readOnlyPaths = python.readOnlyPaths;
    env = { PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: '1' };
    const run =
      framework === 'unittest'
        ? unittestRun(python.path, existing.files)
        : pytestRun(python.path, existing.files);
    command = run.command;
    reported = run.files;
    parse = () => [];
  } else if (framework === 'vitest' || framework === 'jest') {
    const bin = framework === 'vitest' ? 'node_modules/vitest/vitest.mjs' : 'node_modules/jest/bin/jest.js';
    if (!existsSync(join(root, bin)))
      return { tests: [], passed: 0, failed: 0, status: 'not-run', problem: `${framework} is not installed` };
    command =
      framework === 'vitest'
        ? ['node', join(root, bin), 'run', '--reporter=json', '--no-color', ...existing.files]
        : ['node', join(root, bin), '--json', '--ci', '--no-cache', '--runTestsByPath', ...existing.files];
    env = { CI: '1' };
    parse = (stdout) => parseJestJson(stdout);
  } else {
    command = ['node', '--test', '--test-reporter=tap', ...existing.files];
    // a test file that ran no test is listed as one, named by its path: a file is not a test
    const files = new Set(existing.files.flatMap((file) => [file, join(root, file)]));
    parse = (stdout) => parseTap(stdout).filter((test) => !files.has(test.name));
  }
  const result = await runInSandbox({
    command,
    projectDir: root,
    cwd: root,
    overlay: { [target.path]: source },
    env,
    readOnlyPaths,
    limits: {
      wallMs: context.runTimeoutMs ?? 180_000,
      cpuMs: context.runTimeoutMs ?? 180_000,
      memoryMb: 2048,
      outputBytes: 4 << 20,
    },
    unsafeNoSandbox: context.unsafeNoSandbox,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(reported ? { files: reported, report: true } : {}),
  });
  const fromChannel = reported ? pythonTestResults(result.report) : undefined;
  // a run that never reached its end (or whose channel something else wrote on) counts no test
  const tests = fromChannel
    ? fromChannel.finished
      ? fromChannel.tests
      : []
    : parse(result.stdout, result.stderr);
  const passed = tests.filter((test) => test.status === 'passed').length;
  const failed = tests.filter((test) => test.status === 'failed' || test.status === 'error').length;
  return {
    tests,
    passed,
    failed,
    status: result.status,
    ...(tests.length === 0
      ? {
          problem: `${framework} ran no test (${result.status}): ${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`,
        }
      : {}),
  };
}
