import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { shippedText } from '../../core/package-root.js';
import { type SandboxReport, trustedReport } from '../../core/report-channel.js';
import { PYTHON_REPORT_MODULE, pythonReportModule } from '../../core/report-channel-sources.js';
import type { TestCaseResult } from './test-results.js';

/**
 * pytest and unittest as vouch runs a project's tests (the tests check, refactor's existing tests): the
 * framework's own run, with each test's outcome and the run's end reported by vouch's plugin or runner on
 * the run's report channel (python/vouch_pytest_report.py, python/vouch_unittest.py). What the tests or the
 * code print is output, never a result: a module that printed `PASSED …` on every descriptor and left with
 * `os._exit(0)` at import made a failing suite pass when results were read from pytest's stdout.
 */
export interface PythonTestRun {
  command: string[];
  /** the work dir's files: the plugin or runner and the channel's module */
  files: Record<string, string>;
}

export interface PythonTestResults {
  tests: TestCaseResult[];
  /** the framework reached its end (pytest's session finish, unittest's run) and said so */
  finished: boolean;
  /** the framework's exit status, as it reported it */
  exitStatus?: number;
  /** why the report cannot be trusted (or there is none) */
  problem?: string;
}

/**
 * pytest's short options as `parsePytest` reads them, and vouch's plugin after the caller's arguments
 * (`python/pytest_boot.py`); unittest through vouch's runner (`python/unittest_boot.py`).
 */
const pytestBoot = () => shippedText('python/pytest_boot.py');
const unittestBoot = () => shippedText('python/unittest_boot.py');

/**
 * A user's own pytest command (`pytest ARGS`, `python -m pytest ARGS`) as it runs with vouch's plugin:
 * the same arguments, no cache written, the results on the report channel.
 */
export function pytestCommandRun(python: string, args: readonly string[]): PythonTestRun {
  return {
    ...pytestRun(python, []),
    command: [python, '-c', pytestBoot(), '-p', 'no:cacheprovider', ...args],
  };
}

/** pytest over these files, quiet, every outcome listed, no colour, no cache written. */
export function pytestRun(python: string, files: readonly string[]): PythonTestRun {
  return {
    command: [python, '-c', pytestBoot(), '-q', '-rA', '--color=no', '-p', 'no:cacheprovider', ...files],
    files: {
      'vouch_pytest_report.py': shippedText('python/vouch_pytest_report.py'),
      [PYTHON_REPORT_MODULE]: pythonReportModule(),
    },
  };
}

/** `python -m unittest -v FILES`, through vouch's runner. */
export function unittestRun(python: string, files: readonly string[]): PythonTestRun {
  return {
    command: [python, '-c', unittestBoot(), '-v', ...files],
    files: {
      'vouch_unittest.py': shippedText('python/vouch_unittest.py'),
      [PYTHON_REPORT_MODULE]: pythonReportModule(),
    },
  };
}

/** A line of vouch's pytest plugin or unittest runner (python/vouch_pytest_report.py, vouch_unittest.py). */
const reportLine = z.object({
  test: z.string().optional(),
  collect: z.string().optional(),
  when: z.string().optional(),
  outcome: z.string().optional(),
  xfail: z.boolean().optional(),
  message: z.string().nullish(),
  /** the line of the test file the failure went through last */
  line: z.number().nullish(),
  /** what the test handed out for vouch to judge (the request's examples: each result as plain data) */
  values: z.array(z.unknown()).optional(),
  finished: z.boolean().optional(),
  exitstatus: z.number().optional(),
});

/** pytest's `path::name` (or unittest's `module.Class.test`) as a result's name and file. */
function named(id: string): Pick<TestCaseResult, 'name' | 'file'> {
  const at = id.indexOf('::');
  return at < 0 ? { name: id } : { name: id.slice(at + 2), file: id.slice(0, at) };
}

/** The results as the plugin or runner reported them, when the channel can be trusted. */
export function pythonTestResults(report: SandboxReport | undefined): PythonTestResults {
  const channel = trustedReport(report);
  if (channel.lines === undefined) return { tests: [], finished: false, problem: channel.problem };
  const tests: TestCaseResult[] = [];
  let finished = false;
  let exitStatus: number | undefined;
  for (const line of channel.lines) {
    const entry = parseExternalJson({ text: line, schema: reportLine, source: 'the Python test driver' });
    const message = {
      ...(entry.message ? { message: entry.message } : {}),
      ...(typeof entry.line === 'number' && entry.line > 0 ? { line: entry.line } : {}),
      ...(entry.values?.length ? { values: entry.values } : {}),
    };
    if (entry.finished) {
      finished = true;
      exitStatus = entry.exitstatus;
    } else if (entry.collect !== undefined) {
      tests.push({ name: entry.collect || '<collection>', status: 'error', file: entry.collect, ...message });
    } else if (entry.test !== undefined) {
      // An expected failure (XFAIL) is not a pass: it says the test failed, as its author said it would,
      // which is no evidence the code works (pytest's own summary counts it apart from the passes). It is
      // left out as a skip is; XPASS fails; a setup or teardown that failed errs.
      if (entry.outcome === 'skipped' && entry.xfail) {
        tests.push({ ...named(entry.test), status: 'skipped', expectedFailure: true, ...message });
        continue;
      }
      const status: TestCaseResult['status'] =
        entry.outcome === 'skipped'
          ? 'skipped'
          : entry.outcome === 'passed'
            ? entry.xfail
              ? 'failed'
              : 'passed'
            : entry.when && entry.when !== 'call'
              ? 'error'
              : entry.outcome === 'error'
                ? 'error'
                : 'failed';
      tests.push({ ...named(entry.test), status, ...message });
    }
  }
  return { tests, finished, ...(exitStatus === undefined ? {} : { exitStatus }) };
}
