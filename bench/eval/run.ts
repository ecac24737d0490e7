/**
 * Evaluation benchmark, in three parts, each printed and recorded under its own area (bench/results/eval*.jsonl):
 *
 * 1. `selection`: selection at scale on SYNTHETIC data — HumanEval with 100 candidates and 100 model-style
 *    test files per problem built by selection_data.py (a dev set and a held-out set with another seed and
 *    mix), vouch's engine and ranking against CodeT's published method (codet_reference.py) on the same data
 *    and ground truth; ablations of the engine (time) and of the ranking (pass@1). A stress test of the
 *    machinery: rankings are chosen, and claims made, on real model output (real-run.ts).
 * 2. `scale`: scoring speed at that scale — the 16,400 dev samples scored by vouch and by a reference that
 *    follows human-eval exactly (reference_harness.py, 4 workers), in the same run, verdicts compared;
 *    and the CLI end to end (`vouch eval humaneval --samples S --select --tests T`).
 * 3. `faithfulness`: the small sets of all four benchmarks against the reference (faithfulness.ts).
 *
 *   npm run bench:eval                                  # everything (about an hour on two busy cores)
 *   npm run bench:eval -- --quick                       # no ablations, reference on 2,000 samples
 *   npm run bench:eval -- --parts selection,scale       # some parts
 *
 * Datasets are read from $VOUCH_DATASETS or ../shared/datasets. The machine is usually shared: every
 * time is given with the CPU seconds it took and the load average, and comparisons are same-run ratios.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  type Benchmark,
  createExecutor,
  datasetFile,
  datasetsDir,
  loadBenchmark,
  readSamples,
  type ScoredSample,
  scoreSamples,
} from '../../src/eval/index.js';
import {
  type AgreementRanking,
  DEFAULT_ENGINE,
  expectedTopCorrect,
  rankByAgreement,
  rankCandidates,
  type Selection,
} from '../../src/selection/index.js';
import { recordResults, table } from '../results.js';
import { cpuSeconds, loadAverage } from './cpu.js';
import { runFaithfulness, scoreReference } from './faithfulness.js';
import { rankPreviousDefault } from './rankings/previous-default.js';
import type { BenchSample } from './samples.js';
import {
  codetReference,
  ensureSelectionData,
  oraclePassAt1,
  rawPassAt1,
  SELECTION_SETS,
  type SetFiles,
  scoreSet,
  selectSet,
} from './selection.js';

const here = dirname(fileURLToPath(import.meta.url));
const fmt = (value: number, digits = 1) => value.toFixed(digits);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

interface Captured {
  taskId: string;
  selection: Selection;
  correct: readonly boolean[];
}

type Ranker = (selection: Selection) => AgreementRanking;

const RANKERS: [string, Ranker][] = [
  [
    'CodeT paper formula (tests x samples) on vouch matrix',
    (s) => rankByAgreement(s.matrix.passes, { method: 'codet-paper', assertionWeights: s.tests.counts }),
  ],
  [
    'CodeT published scoring (tests x sqrt samples) on vouch matrix',
    (s) => rankByAgreement(s.matrix.passes, { method: 'codet', assertionWeights: s.tests.counts }),
  ],
  [
    'previous default (before issue 43: assertions passed as written)',
    (s) => rankPreviousDefault({ matrix: s.matrix, assertionWeights: s.tests.counts }),
  ],
  ['vouch (default)', (s) => rankCandidates({ matrix: s.matrix })],
];

function passAt1Of(captured: readonly Captured[], ranker: Ranker): number {
  const values = captured.map(({ selection, correct }) => expectedTopCorrect(ranker(selection), correct));
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Per set: raw, oracle, CodeT (its own code), vouch; plus the ranking variants on the same matrices. */
async function selectionPart(quick: boolean): Promise<string> {
  const datasets = datasetsDir(undefined);
  const humanEvalFile = datasetFile(datasets, 'humaneval/HumanEval.jsonl.gz');
  const benchmark = loadBenchmark('humaneval', { datasets });
  const headline: (string | number)[][] = [];
  const rankingRows = new Map<string, string[]>();
  let devFiles: SetFiles | undefined;
  let devScored: ScoredSample[] | undefined;
  const notes: string[] = [];
  for (const set of SELECTION_SETS) {
    const files = ensureSelectionData(set, humanEvalFile);
    const truth = await scoreSet(benchmark, files);
    const tests = readFileSync(files.tests, 'utf8').split('\n').filter(Boolean).length;
    const distinct = new Set(truth.scored.map(({ sample }) => `${sample.taskId}\0${sample.completion}`)).size;
    process.stderr.write(`selection ${set.name}: vouch…\n`);
    const captured: Captured[] = [];
    const load = loadAverage();
    const vouch = await selectSet(benchmark, files, truth.scored, {
      onSelection: (taskId, selection, correct) => captured.push({ taskId, selection, correct }),
    });
    process.stderr.write(`selection ${set.name}: CodeT's own method…\n`);
    const codet = codetReference(humanEvalFile, files, truth.scored);
    const assertions = captured.reduce((sum, { selection }) => sum + selection.tests.assertions.length, 0);
    const runs = captured.reduce((sum, { selection }) => sum + selection.matrix.runs, 0);
    headline.push([
      set.name,
      `${truth.scored.length} (${distinct} distinct)`,
      tests,
      Math.round(assertions / captured.length),
      Math.round(runs / captured.length),
      pct(rawPassAt1(truth.scored)),
      pct(codet.passAt1),
      `**${pct(vouch.passAt1)}**`,
      pct(oraclePassAt1(truth.scored)),
      `${fmt(vouch.seconds)} s (${fmt(vouch.cpuSeconds)} CPU-s; load ${load})`,
      `${fmt(codet.seconds)} s (${fmt(codet.cpuSeconds)} CPU-s)${codet.cached ? ', cached' : ''}`,
    ]);
    for (const [name, ranker] of RANKERS) {
      const row = rankingRows.get(name) ?? [name];
      row.push(pct(passAt1Of(captured, ranker)));
      rankingRows.set(name, row);
    }
    if (set.name === 'dev') {
      devFiles = files;
      devScored = truth.scored;
    }
  }

  const sections = [
    `**Synthetic data**: a stress test of the machinery at scale, not evidence for a default or a claim (those rest on real model output: "Selection on real model output"). HumanEval, 164 problems x 100 candidates x 100 model-style test files, built by bench/eval/selection_data.py (seeded; see its header for what the candidates and tests are made of). Ground truth: the official harness's verdicts. "CodeT" is CodeT's published method run by bench/eval/codet_reference.py (its test extraction with 5 cases per answer, 0.1 s per case, one process per distinct completion, dual agreement with sqrt); "vouch" is \`vouch eval --select\` (src/selection). The previous default ranking was tuned on dev only; held-out is another seed with every rate of the mix moved (selection_data.py, MIXES['shifted']: fewer unsolved problems, more popular misconceptions but fewer of them, more broken and looping samples, more garbage test files, weaker test writers who copy fewer examples and mistype more, more helper calls, hanging inputs, missing-module imports, cut-off last lines and check(candidate)-style files) and was run only to report. CodeT's own recorded data (CodeGen-16B on HumanEval, where its published scoring reaches pass@1 0.3675 from a raw 0.2212) is not on this machine, so CodeT is compared here as its method re-run on the same built data. Timeouts of 0.1 s make a few verdicts depend on the machine's load, so pass@1 moves by a few tenths of a point between runs (compare the default rows of the ablations).`,
    table(
      [
        'set',
        'samples',
        'test files',
        'assertions / problem',
        'programs run / problem',
        'raw pass@1',
        'CodeT pass@1',
        'vouch pass@1',
        'oracle',
        'vouch selection time',
        'CodeT time',
      ],
      headline,
    ),
    '**Ranking variants on the same matrices** (pass@1; one engine run per set, ranked every way):',
    table(['ranking', ...SELECTION_SETS.map((set) => set.name)], [...rankingRows.values()]),
  ];

  if (!quick && devFiles && devScored) {
    sections.push(await engineAblations(benchmark, devFiles, devScored));
  }
  sections.push(...notes);
  return sections.join('\n\n');
}

/** Each switch of the engine against the default, on dev, default runs first and last (drift check). */
async function engineAblations(
  benchmark: Benchmark,
  files: SetFiles,
  scored: ScoredSample[],
): Promise<string> {
  const cacheFile = join(files.dir, 'ablation_selection.jsonl');
  const variants: [string, Parameters<typeof selectSet>[3]][] = [
    ['default', {}],
    ['candidates merged by exact text only (no syntax-tree merge)', { engine: { normalise: 'text' } }],
    ['syntax-tree merge without local-name normalisation', { engine: { normalise: 'ast' } }],
    ['every assertion evaluated on its own (no shared expressions)', { engine: { probes: false } }],
    ['no static check of undefined names', { engine: { validate: false } }],
    ['first 5 assertions of each answer only (as CodeT samples them)', { assertionsPerAnswer: 5 }],
    ['one interval timer armed per assertion (setitimer)', { engine: { timer: 'setitimer' } }],
    ['no fork per candidate (one interpreter)', { engine: { isolate: false } }],
    ['hanging assertions not detected', { engine: { hangVotes: 1_000_000 } }],
    ['candidates never marked hanging (budget only)', { engine: { strikes: 1_000_000 } }],
    ['no hanging candidates, no budget', { engine: { strikes: 1_000_000, candidateMs: 1_000_000 } }],
    ['1 s per assertion (the previous engine)', { engine: { testMs: 1000 } }],
    ['ranking cache: first run, writing the selection file', { selectionFile: cacheFile }],
    ['ranking cache: the same run again (content hash unchanged)', { selectionFile: cacheFile }],
    ['default (again)', {}],
  ];
  rmSync(cacheFile, { force: true });
  const results: { name: string; seconds: number; cpu: number; passAt1: number }[] = [];
  const defaults: number[] = [];
  for (const [name, options] of variants) {
    process.stderr.write(`ablation: ${name}…\n`);
    const run = await selectSet(benchmark, files, scored, options);
    results.push({ name, seconds: run.seconds, cpu: run.cpuSeconds, passAt1: run.passAt1 });
    if (name.startsWith('default')) defaults.push(run.cpuSeconds);
  }
  const baseCpu = defaults.reduce((sum, value) => sum + value, 0) / defaults.length;
  const rows = results.map((result) => [
    result.name,
    fmt(result.seconds),
    fmt(result.cpu),
    `${fmt(result.cpu / baseCpu, 2)}x`,
    pct(result.passAt1),
  ]);
  const settings = Object.entries(DEFAULT_ENGINE)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  return [
    `**Engine ablations on dev**, one switch at a time (defaults: ${settings}). CPU seconds are those of every process of the run (sandboxed workers included); the ratio is against the mean of the two default runs, the first and the last. Load average at the start: ${loadAverage()}.`,
    table(['engine', 'wall s', 'CPU s', 'CPU vs default', 'pass@1'], rows),
  ].join('\n\n');
}

/** The dev samples as the reference harness builds their programs (from the raw dataset, not src/eval). */
function referencePrograms(datasets: string, files: SetFiles): BenchSample[] {
  const raw = gunzipSync(readFileSync(datasetFile(datasets, 'humaneval/HumanEval.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map(
      (line) => JSON.parse(line) as { task_id: string; prompt: string; test: string; entry_point: string },
    );
  const byTask = new Map(raw.map((problem) => [problem.task_id, problem]));
  return readSamples(files.samples).map((sample) => {
    const problem = byTask.get(sample.taskId)!;
    return {
      task_id: sample.taskId,
      completion: sample.completion,
      reference: `${problem.prompt}${sample.completion}\n${problem.test}\ncheck(${problem.entry_point})`,
      variant: 'sampled',
    };
  });
}

/** Scoring 16,400 samples: vouch (twice, around the reference), the reference, vouch without merging. */
async function scalePart(quick: boolean): Promise<string> {
  const datasets = datasetsDir(undefined);
  const humanEvalFile = datasetFile(datasets, 'humaneval/HumanEval.jsonl.gz');
  const benchmark = loadBenchmark('humaneval', { datasets });
  const files = ensureSelectionData(SELECTION_SETS[0]!, humanEvalFile);
  const programs = referencePrograms(datasets, files);
  const compared = quick ? programs.slice(0, 2000) : programs;
  const samples = readSamples(files.samples).slice(0, compared.length);
  const distinct = new Set(compared.map((sample) => sample.reference)).size;

  const timeOurs = async (dedupe: boolean) => {
    const executor = createExecutor({});
    const before = cpuSeconds();
    const started = performance.now();
    try {
      const outcome = await scoreSamples({ benchmark, samples, executor, timeoutMs: 3000, dedupe });
      return {
        verdicts: outcome.scored.map(({ verdict }) => verdict),
        seconds: (performance.now() - started) / 1000,
        cpu: cpuSeconds() - before,
      };
    } finally {
      await executor.close();
    }
  };
  process.stderr.write(`scale: vouch on ${compared.length} samples…\n`);
  const load = loadAverage();
  const first = await timeOurs(true);
  process.stderr.write(`scale: reference harness on ${compared.length} samples (unsandboxed, trusted)…\n`);
  const referenceCpuBefore = cpuSeconds();
  const reference = scoreReference('scale', 'python-exec', compared);
  const referenceCpu = cpuSeconds() - referenceCpuBefore;
  process.stderr.write('scale: vouch again…\n');
  const second = await timeOurs(true);
  let plain: Awaited<ReturnType<typeof timeOurs>> | undefined;
  if (!quick) {
    process.stderr.write('scale: vouch, every sample run…\n');
    plain = await timeOurs(false);
  }
  const disagreements = compared.flatMap((sample, index) =>
    first.verdicts[index]!.passed !== reference.passed[index] ||
    first.verdicts[index]!.result !== reference.results[index]
      ? [
          `${sample.task_id}: vouch ${first.verdicts[index]!.result.slice(0, 60)} / reference ${reference.results[index]!.slice(0, 60)}`,
        ]
      : [],
  );
  const passDisagreements = compared.filter(
    (_, index) => first.verdicts[index]!.passed !== reference.passed[index],
  ).length;
  const timeouts = reference.results.filter((result) => result === 'timed out').length;
  const oursSeconds = (first.seconds + second.seconds) / 2;
  const rows: (string | number)[][] = [
    ['vouch (run 1)', fmt(first.seconds), fmt(first.cpu), fmt(compared.length / first.seconds)],
    [
      'reference harness (human-eval semantics, 4 workers)',
      fmt(reference.seconds),
      fmt(referenceCpu),
      fmt(compared.length / reference.seconds),
    ],
    ['vouch (run 2)', fmt(second.seconds), fmt(second.cpu), fmt(compared.length / second.seconds)],
  ];
  if (plain)
    rows.push([
      'vouch, every sample run (no merging of identical programs)',
      fmt(plain.seconds),
      fmt(plain.cpu),
      fmt(compared.length / plain.seconds),
    ]);
  const lines = [
    `${compared.length} HumanEval samples of the synthetic dev set (${distinct} distinct programs; ${timeouts} time out at 3 s), scored by vouch (sandboxed, ${availableParallelism() * 2} warm workers) and by bench/eval/reference_harness.py (human-eval's execution.py semantics: a process per sample, 3 s, 4 threads; unsandboxed, trusted samples) in the same run, vouch before and after the reference. Load average at the start: ${load}.`,
    table(['scorer', 'wall s', 'CPU s', 'samples/s'], rows),
    `Speed-up against the reference (mean of the two vouch runs): **${fmt(reference.seconds / oursSeconds)}x** wall, ${fmt(referenceCpu / ((first.cpu + second.cpu) / 2))}x CPU${plain ? `; without merging identical programs ${fmt(reference.seconds / plain.seconds)}x wall` : ''}. Verdicts: ${compared.length - passDisagreements}/${compared.length} agree on pass/fail, ${compared.length - disagreements.length}/${compared.length} have the identical result string.`,
  ];
  if (disagreements.length)
    lines.push(
      disagreements
        .slice(0, 20)
        .map((line) => `- ${line}`)
        .join('\n'),
    );
  lines.push(await cliPart(files));
  return lines.join('\n\n');
}

/** The CLI end to end at the 100 x 100 scale: scoring, then selection, as a user runs it. */
async function cliPart(files: SetFiles): Promise<string> {
  const bin = join(here, '..', '..', 'bin', 'vouch.js');
  if (!existsSync(join(here, '..', '..', 'dist', 'cli', 'main.js')))
    return '_CLI not built (npm run build): end-to-end run skipped._';
  process.stderr.write('scale: the CLI end to end…\n');
  const load = loadAverage();
  // The CLI's sandboxed workers end with it, and their time never reaches this process: the tree is
  // sampled while it runs, and the last sample kept.
  const before = cpuSeconds();
  let cpu = 0;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      bin,
      'eval',
      'humaneval',
      '--samples',
      files.samples,
      '--tests',
      files.tests,
      '--select',
      '--fresh',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const sampler = setInterval(() => {
    cpu = Math.max(cpu, cpuSeconds() - before);
  }, 250);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const run = { status, stdout, stderr };
  if (run.status !== 0) return `_CLI run failed (exit ${run.status}): ${run.stderr.slice(-400)}_`;
  const report = JSON.parse(run.stdout) as {
    'pass@k': Record<string, number>;
    selected?: { 'pass@k': { '1': number }; durationMs: number };
    durationMs: number;
  };
  return `\`vouch eval humaneval --samples S --tests T --select --fresh\` on the synthetic dev set (16,400 samples, 16,400 test files): **${fmt(seconds)} s** end to end (about ${fmt(cpu)} CPU-s, sampled while it ran; selection ${fmt((report.selected?.durationMs ?? 0) / 1000)} s), pass@1 ${pct(report['pass@k']['1'] ?? 0)}, selected pass@1 ${pct(report.selected?.['pass@k']['1'] ?? 0)}; load average at the start ${load}.`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const partsArg = args[args.indexOf('--parts') + 1];
  const parts = new Set(
    args.includes('--parts') && partsArg ? partsArg.split(',') : ['selection', 'scale', 'faithfulness'],
  );
  const setsArg = args[args.indexOf('--sets') + 1];
  const record = !quick;
  if (parts.has('selection')) {
    const markdown = await selectionPart(quick);
    process.stdout.write(`${markdown}\n\n`);
    if (record)
      recordResults(
        'eval-selection',
        'Evaluation: selection at 100 x 100, synthetic data (issue 17)',
        markdown,
        {
          origin:
            'synthetic: HumanEval, 164 problems x 100 candidates x 100 model-style test files built by bench/eval/selection_data.py (seeded)',
        },
      );
  }
  if (parts.has('scale')) {
    const markdown = await scalePart(quick);
    process.stdout.write(`${markdown}\n\n`);
    if (record)
      recordResults(
        'eval-scale',
        'Evaluation: scoring speed at 16,400 samples, synthetic data (issue 17)',
        markdown,
        { origin: 'synthetic: the HumanEval samples of the dev set built by bench/eval/selection_data.py' },
      );
  }
  if (parts.has('faithfulness')) {
    const sets = args.includes('--sets') && setsArg ? new Set(setsArg.split(',')) : undefined;
    const markdown = await runFaithfulness({ quick, ...(sets ? { sets } : {}) });
    if (record && !sets)
      recordResults('eval', 'Evaluation: faithfulness and speed', markdown, {
        origin:
          'HumanEval, MBPP, MBXP, HumanEval-TS and MBPP-TS reference solutions plus broken variants made by bench/eval/samples.ts',
      });
  }
}

await main();
