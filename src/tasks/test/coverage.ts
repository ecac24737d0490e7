import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { CheckContext } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { shippedText } from '../../core/package-root.js';
import type { TestFrameworkName } from '../../verify/checks/tests.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import {
  PYTHON_REPORT_MODULE,
  pythonReportModule,
  runInSandbox,
  trustedReport,
} from '../../verify/sandbox/index.js';
import { jestCoverage } from './jest-coverage.js';
import { nodeCoverage } from './node-coverage.js';
import type { CodeTarget } from './target.js';

/** Line (and, where the tool measures it, branch) coverage of the target's lines by the suite. */
export interface Coverage {
  measured: boolean;
  /** coverage.py, or V8 (Node's built-in coverage) with the runner it ran under */
  tool?: string;
  lines?: { covered: number; total: number; percent: number };
  branches?: { covered: number; total: number; percent: number };
  /** what a branch is for this tool (coverage.py: arcs between lines; V8: arms judged by block counts) */
  branchKind?: string;
  /** lines of the target no test executed */
  missingLines?: number[];
  /** branch arms no test took, `line 3: else of if` (V8) */
  missingBranches?: string[];
  /** why it was not measured */
  reason?: string;
}

/** What python/coverage_driver.py answers: coverage.py missing, its error, or its JSON report. */
const coverageAnswer = z.object({
  missing: z.boolean().optional(),
  error: z.string().optional(),
  report: z
    .object({
      files: z
        .record(
          z.string(),
          z.object({
            executed_lines: z.array(z.number()),
            missing_lines: z.array(z.number()),
            executed_branches: z.array(z.array(z.number())).optional(),
            missing_branches: z.array(z.array(z.number())).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

function ratio(covered: number, total: number): { covered: number; total: number; percent: number } {
  return { covered, total, percent: total === 0 ? 100 : Math.round((covered / total) * 1000) / 10 };
}

/** What a coverage measurement runs: the suite against its target, with its framework, in the sandbox. */
export interface CoverageRun {
  target: CodeTarget;
  suite: string;
  framework: TestFrameworkName;
  context: CheckContext;
  /**
   * where the suite was generated and run, when away from the code (the test task's `testPaths`: a tests
   * folder the project's runner looks in): vitest's coverage run puts its copy of the suite there too, so
   * the project's `test.include` finds it as it found the suite
   */
  testPaths?: string[] | undefined;
}

/**
 * coverage.py driven from Python in the sandbox: the suite runs under `coverage run` in a process of its own
 * (its own session, stdio on /dev/null, no descriptor of the driver's), then `coverage json` reads what it
 * measured, and the driver reports that on the run's report channel (src/core/report-channel.ts): what the
 * suite prints, at import or on fd 1, is never read as coverage. The driver is `python/coverage_driver.py`.
 */

async function pythonCoverage(run: CoverageRun): Promise<Coverage> {
  const { target, suite, framework, context } = run;
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const dir = dirname(target.path);
  const runner =
    framework === 'unittest'
      ? ['-m', 'unittest', 'test_vouch_suite']
      : ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-o', 'addopts=', 'test_vouch_suite.py'];
  const result = await runInSandbox({
    command: [python.path, 'vouch_coverage.py'],
    files: {
      'vouch_coverage.py': shippedText('python/coverage_driver.py'),
      [PYTHON_REPORT_MODULE]: pythonReportModule(),
      'test_vouch_suite.py': suite,
    },
    projectDir: root,
    readOnlyPaths: python.readOnlyPaths,
    env: {
      PY: python.path,
      TARGET: join(root, target.path),
      RUNNER: JSON.stringify(runner),
      COVERAGE_FILE: '/tmp/.coverage',
      PYTHONPATH: [join(root, dir === '.' ? '' : dir), root].join(':'),
    },
    limits: {
      wallMs: context.runTimeoutMs ?? 120_000,
      cpuMs: context.runTimeoutMs ?? 120_000,
      memoryMb: 2048,
      outputBytes: 8 << 20,
    },
    unsafeNoSandbox: context.unsafeNoSandbox,
    report: true,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const channel = trustedReport(result.report);
  const answer = channel.lines?.at(-1)
    ? parseExternalJson({
        text: channel.lines.at(-1) as string,
        schema: coverageAnswer,
        source: 'the coverage.py driver',
      })
    : undefined;
  if (answer?.missing) {
    return {
      measured: false,
      reason:
        python.source === 'venv'
          ? "coverage.py is not installed in the project's virtualenv (pip install coverage)"
          : 'coverage.py is not installed for the system Python (apt-get install python3-coverage, or pip install coverage)',
    };
  }
  if (!answer?.report) {
    return {
      measured: false,
      reason: `coverage.py gave no report (${result.status}: ${channel.problem ?? answer?.error ?? result.stderr.slice(0, 200)})`,
    };
  }
  const data = answer.report;
  const file = Object.entries(data.files ?? {}).find(([name]) => name.endsWith(target.path))?.[1];
  if (!file) return { measured: false, reason: 'coverage.py did not see the target run' };
  const inside = (line: number) => line >= target.startLine && line <= target.endLine;
  const executed = file.executed_lines.filter(inside);
  const missing = file.missing_lines.filter(inside);
  const executedBranches = (file.executed_branches ?? []).filter(([from]) => inside(from as number));
  const missingBranches = (file.missing_branches ?? []).filter(([from]) => inside(from as number));
  return {
    measured: true,
    tool: 'coverage.py',
    lines: ratio(executed.length, executed.length + missing.length),
    ...(executedBranches.length + missingBranches.length > 0
      ? {
          branches: ratio(executedBranches.length, executedBranches.length + missingBranches.length),
          branchKind: 'arcs from line to line (coverage.py --branch)',
        }
      : {}),
    missingLines: missing,
  };
}

/**
 * Coverage of the target by the suite, in the sandbox: coverage.py for Python (when the project's
 * interpreter has it), V8 for JavaScript and TypeScript under node:test and vitest (`node-coverage.ts`)
 * and jest's own V8 provider under jest (`jest-coverage.ts`).
 * What cannot be measured says why; it is never reported as 0 or 100.
 */
export async function measureCoverage(run: CoverageRun): Promise<Coverage> {
  const { target, suite, framework, context } = run;
  if (target.language === 'python') return pythonCoverage(run);
  if (framework === 'jest') return jestCoverage(target, suite, context);
  return nodeCoverage(run);
}
