import { relative } from 'node:path';
import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { type SandboxReport, trustedReport } from '../../core/report-channel.js';
import { nodeDriver } from '../../core/report-channel-sources.js';
import type { DeclaredTests } from './declared-tests.js';
import { looksLikeAssertion } from './javascript-skips.js';
import type { TestCaseResult } from './test-results.js';

/**
 * node:test as vouch runs it: `run()` of node:test in a driver that takes the run's report channel before
 * any test file is imported, each test file in a child process of its own (node:test's isolation), and
 * each test's outcome (with the file and line that declared it) and the run's end sent keyed on the
 * channel. What the tests or the code print is output, never a result: a candidate that registered a
 * passing test of the suite's name and ended its process passed when results were read from TAP on stdout.
 *
 * The children get neither the descriptor (Node's children inherit stdio only) nor its name or the key
 * (taken out of the environment, read and closed before `run()`). Node cannot make the driver non-dumpable:
 * as an ordinary user (as root every program in the sandbox is non-dumpable), a test file that reads the
 * driver's memory through /proc could still find the key; the checks on the results (tests come only from
 * the test files, by name as declared there, and the runner's own exit status) still hold then.
 * Out of reach of any channel: code under test that patches its own process (`assert.equal = …`).
 * The driver is `node/test-driver.cjs`.
 */
function nodeTestDriver(): string {
  return nodeDriver('node/test-driver.cjs');
}

/** `node -e DRIVER FILES…`: the files are absolute paths. */
export function nodeTestCommand(files: readonly string[]): string[] {
  return ['node', '-e', nodeTestDriver(), ...files];
}

export interface NodeTestResults {
  tests: TestCaseResult[];
  finished: boolean;
  exitStatus?: number;
  /** why the report cannot be trusted (or there is none) */
  problem?: string;
  /** reported tests that are not evidence, and why */
  refused: string[];
}

/** A line of node/test-driver.cjs: a test's outcome, or the run's end. */
const entrySchema = z.object({
  test: z.string().optional(),
  outcome: z.string().optional(),
  suite: z.boolean().optional(),
  file: z.string().nullish(),
  line: z.number().nullish(),
  message: z.string().nullish(),
  finished: z.boolean().optional(),
  exitstatus: z.number().optional(),
  skipFailed: z.boolean().optional(),
  reason: z.string().nullish(),
});

/**
 * The results the driver reported, when the channel can be trusted, held against the test files: only
 * tests declared in one of them count. A test file that failed as a whole (it could not be imported, it
 * exited non-zero) is an error of that file; one that "passed" as a whole ran nothing and is left out.
 */
export function nodeTestResults(
  report: SandboxReport | undefined,
  root: string,
  declared: ReadonlyMap<string, DeclaredTests>,
): NodeTestResults {
  const channel = trustedReport(report);
  if (channel.lines === undefined)
    return { tests: [], finished: false, problem: channel.problem, refused: [] };
  const tests: TestCaseResult[] = [];
  const refused: string[] = [];
  const seen = new Map<string, number>();
  let finished = false;
  let exitStatus: number | undefined;
  for (const line of channel.lines) {
    const entry = parseExternalJson({ text: line, schema: entrySchema, source: 'the node:test driver' });
    if (entry.finished) {
      finished = true;
      exitStatus = entry.exitstatus;
      continue;
    }
    if (entry.test === undefined || entry.suite) continue;
    const file = entry.file ?? undefined;
    // a skip or todo whose assertion failed, or whose reason is an assertion's message, is that failure (w198)
    const failedSkip =
      entry.outcome === 'skipped' && (entry.skipFailed === true || looksLikeAssertion(entry.reason));
    const status: TestCaseResult['status'] =
      entry.outcome === 'passed'
        ? 'passed'
        : entry.outcome === 'skipped' && !failedSkip
          ? 'skipped'
          : 'failed';
    const message = failedSkip
      ? `reported as skipped or todo, but ${entry.skipFailed ? `its assertion failed: ${entry.message ?? ''}` : `with an assertion's message: ${entry.reason}`}`.trim()
      : entry.message;
    const result: TestCaseResult = {
      name: entry.test,
      status,
      ...(file ? { file } : {}),
      ...(typeof entry.line === 'number' && entry.line > 0 ? { line: entry.line } : {}),
      ...(status === 'failed' && message ? { message } : {}),
    };
    // node:test lists a test file as a test of its own, named by its path
    const own = file && declared.has(file) ? declared.get(file) : undefined;
    if (declared.has(entry.test) && (!file || file === entry.test)) {
      if (status === 'failed')
        tests.push({ ...result, name: relative(root, entry.test), status: 'error', file: entry.test });
      continue;
    }
    if (!own) {
      if (status !== 'skipped')
        refused.push(
          `test \`${entry.test}\` was registered from ${file ? relative(root, file) : 'no file'}, not from a test file: not evidence`,
        );
      continue;
    }
    const key = `${file}\0${entry.test}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    const times = own.names.get(entry.test) ?? 0;
    if (!own.dynamic && count > times) {
      if (status !== 'skipped')
        refused.push(
          times === 0
            ? `test \`${entry.test}\` was reported from ${relative(root, file as string)}, which declares no test of that name: not evidence`
            : `test \`${entry.test}\` was reported ${count} times from ${relative(root, file as string)}, which declares it ${times === 1 ? 'once' : `${times} times`}: not evidence`,
        );
      continue;
    }
    tests.push(result);
  }
  return { tests, finished, ...(exitStatus === undefined ? {} : { exitStatus }), refused };
}
