/**
 * Faithfulness on small sets: vouch's scorer against a reference that follows the official harnesses
 * exactly (one process per sample, 3 s timeout, 4 worker threads; reference_harness.py), side by side on the
 * same trusted samples (reference solutions and deliberately broken variants) of all four benchmarks.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Benchmark,
  createExecutor,
  datasetsDir,
  loadBenchmark,
  type Sample,
  scoreSamples,
} from '../../src/eval/index.js';
import { table } from '../results.js';
import {
  type BenchSample,
  humanEvalSamples,
  humanEvalTsSamples,
  mbppSamples,
  mbppTsSamples,
  mbxpSamples,
} from './samples.js';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '.work', 'eval');
const TIMEOUT_S = 3;
const REFERENCE_WORKERS = 4;

interface BenchSet {
  name: string;
  benchmark: Benchmark;
  samples: BenchSample[];
  /** how many samples the (slow) reference scores; all by default */
  referenceLimit?: number;
}

interface SetOutcome {
  name: string;
  samples: number;
  oursPassed: number;
  oursSeconds: number;
  compared: number;
  referencePassed: number;
  referenceSeconds: number;
  oursComparedSeconds: number;
  agree: number;
  constructionMismatches: number;
  disagreements: string[];
  failingReferences: { task: string; result: string }[];
}

function toSamples(samples: readonly BenchSample[]): Sample[] {
  return samples.map((sample, index) => ({
    index,
    taskId: sample.task_id,
    completion: sample.completion,
    record: { task_id: sample.task_id, completion: sample.completion },
  }));
}

async function scoreOurs(benchmark: Benchmark, samples: readonly BenchSample[]) {
  const executor = createExecutor({});
  const started = performance.now();
  try {
    const outcome = await scoreSamples({
      benchmark,
      samples: toSamples(samples),
      executor,
      timeoutMs: TIMEOUT_S * 1000,
    });
    return {
      verdicts: outcome.scored.map((entry) => entry.verdict),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await executor.close();
  }
}

export function scoreReference(name: string, mode: string, samples: readonly BenchSample[]) {
  mkdirSync(work, { recursive: true });
  const jobs = join(work, `${name}.jobs.jsonl`);
  const out = join(work, `${name}.reference.jsonl`);
  writeFileSync(
    jobs,
    samples.map((sample, id) => JSON.stringify({ id, mode, program: sample.reference })).join('\n') + '\n',
  );
  const tsc = join(here, '..', '..', 'node_modules', '.bin', 'tsc');
  const started = performance.now();
  const run = spawnSync(
    '/usr/bin/python3',
    [join(here, 'reference_harness.py'), jobs, out, String(TIMEOUT_S), String(REFERENCE_WORKERS), tsc],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`reference harness failed: ${run.stderr}`);
  const passed = new Array<boolean>(samples.length).fill(false);
  const results = new Array<string>(samples.length).fill('');
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { id: number; passed: boolean; result: string };
    passed[record.id] = record.passed;
    results[record.id] = record.result;
  }
  return { passed, results, seconds };
}

async function runSet(set: BenchSet): Promise<SetOutcome> {
  const problems = new Map(set.benchmark.problems.map((problem) => [problem.taskId, problem]));
  const constructionMismatches = set.samples.filter(
    (sample) => set.benchmark.program(problems.get(sample.task_id)!, sample.completion) !== sample.reference,
  ).length;
  process.stderr.write(`${set.name}: scoring ${set.samples.length} samples sandboxed…\n`);
  const ours = await scoreOurs(set.benchmark, set.samples);
  const compared = set.samples.slice(0, set.referenceLimit ?? set.samples.length);
  // Speed is compared on exactly the samples both scored.
  const oursCompared =
    compared.length === set.samples.length ? ours : await scoreOurs(set.benchmark, compared);
  process.stderr.write(
    `${set.name}: reference harness on ${compared.length} samples (unsandboxed, trusted code)…\n`,
  );
  const reference = scoreReference(set.name, set.benchmark.mode, compared);
  const disagreements: string[] = [];
  let agree = 0;
  compared.forEach((sample, index) => {
    if (ours.verdicts[index]!.passed === reference.passed[index]) agree++;
    else
      disagreements.push(
        `${sample.task_id} (${sample.variant}): vouch ${ours.verdicts[index]!.result.slice(0, 60)} / reference ${reference.results[index]!.slice(0, 60)}`,
      );
  });
  const failingReferences = set.samples.flatMap((sample, index) =>
    (sample.variant === 'canonical' || sample.variant === 'correct') && !ours.verdicts[index]!.passed
      ? [{ task: sample.task_id, result: ours.verdicts[index]!.result }]
      : [],
  );
  return {
    name: set.name,
    samples: set.samples.length,
    oursPassed: ours.verdicts.filter((verdict) => verdict.passed).length,
    oursSeconds: ours.seconds,
    compared: compared.length,
    referencePassed: reference.passed.filter(Boolean).length,
    referenceSeconds: reference.seconds,
    oursComparedSeconds: oursCompared.seconds,
    agree,
    constructionMismatches,
    disagreements,
    failingReferences,
  };
}

function reasonOf(result: string): string {
  return result
    .replace(/^failed: /, '')
    .split('\n')[0]!
    .slice(0, 90)
    .replace(/\|/g, '\\|');
}

export async function runFaithfulness(options: { quick: boolean; sets?: Set<string> }): Promise<string> {
  const { quick } = options;
  const wanted = options.sets;
  const datasets = datasetsDir(undefined);
  const sets: BenchSet[] = [];
  const add = (name: string, make: () => BenchSet) => {
    if (!wanted || wanted.has(name)) sets.push(make());
  };
  add('humaneval', () => ({
    name: 'humaneval',
    benchmark: loadBenchmark('humaneval', { datasets }),
    samples: humanEvalSamples(datasets),
    ...(quick ? { referenceLimit: 200 } : {}),
  }));
  add('mbpp', () => ({
    name: 'mbpp',
    benchmark: loadBenchmark('mbpp', { datasets, mbppForm: 'original' }),
    samples: mbppSamples(datasets),
    ...(quick ? { referenceLimit: 200 } : {}),
  }));
  add('mbpp-mbxp', () => ({
    name: 'mbpp-mbxp',
    benchmark: loadBenchmark('mbpp', { datasets, mbppForm: 'mbxp' }),
    samples: mbxpSamples(datasets),
    ...(quick ? { referenceLimit: 200 } : {}),
  }));
  add('humaneval-ts', () => ({
    name: 'humaneval-ts',
    benchmark: loadBenchmark('humaneval-ts', { datasets }),
    samples: humanEvalTsSamples(datasets),
    referenceLimit: quick ? 12 : 32,
  }));
  add('mbpp-ts', () => ({
    name: 'mbpp-ts',
    benchmark: loadBenchmark('mbpp-ts', { datasets }),
    samples: mbppTsSamples(datasets),
    referenceLimit: quick ? 12 : 32,
  }));

  const outcomes: SetOutcome[] = [];
  for (const set of sets) outcomes.push(await runSet(set));

  const rate = (count: number, seconds: number) => (seconds > 0 ? count / seconds : 0);
  const speedTable = table(
    [
      'set',
      'samples',
      'vouch passed',
      'compared',
      'verdicts agree',
      'program text identical',
      'vouch samples/s',
      'reference samples/s',
      'speed-up',
    ],
    outcomes.map((outcome) => {
      const ours = rate(outcome.compared, outcome.oursComparedSeconds);
      const reference = rate(outcome.compared, outcome.referenceSeconds);
      return [
        outcome.name,
        outcome.samples,
        `${outcome.oursPassed} (${((outcome.oursPassed / outcome.samples) * 100).toFixed(1)}%)`,
        outcome.compared,
        `${outcome.agree}/${outcome.compared}`,
        `${outcome.samples - outcome.constructionMismatches}/${outcome.samples}`,
        ours.toFixed(1),
        reference.toFixed(1),
        `${(ours / reference).toFixed(1)}×`,
      ];
    }),
  );
  const sections = [
    `Sandboxed vouch scorer (warm bubblewrap pools, ${availableParallelism() * 2} workers per runtime: two per core) against a reference that follows the official harnesses exactly (bench/eval/reference_harness.py: one process per sample, ${TIMEOUT_S} s timeout, ${REFERENCE_WORKERS} worker threads, unsandboxed, trusted samples only). Samples: reference solutions plus broken variants (return None, raise, syntax error, flipped operator, infinite loop, sys.exit(0), os._exit(0); for HumanEval-TS, which has no reference solutions: undefined, missing return, syntax error, a few hand-written correct ones). "compared" samples are scored by both; speed is measured on exactly those. The machine is shared with other sessions, so times are noisy.`,
    speedTable,
  ];
  for (const outcome of outcomes) {
    if (outcome.disagreements.length) {
      sections.push(
        `**${outcome.name}: verdicts that differ**\n\n${outcome.disagreements.map((line) => `- ${line}`).join('\n')}`,
      );
    }
  }
  const humaneval = outcomes.find((outcome) => outcome.name === 'humaneval');
  if (humaneval) {
    const canonicalFailures = humaneval.failingReferences.length;
    sections.push(
      `HumanEval canonical solutions: pass@1 = ${canonicalFailures === 0 ? '1.0' : `${1 - canonicalFailures / 164}`} (${164 - canonicalFailures}/164).`,
    );
  }
  for (const outcome of outcomes) {
    if (outcome.name === 'humaneval' || outcome.name === 'humaneval-ts') continue;
    const rows = outcome.failingReferences.map((failure) => [failure.task, reasonOf(failure.result)]);
    const shown = rows.slice(0, 60);
    sections.push(
      `**${outcome.name}: reference solutions that fail (${rows.length} of ${outcome.samples})** — the reference harness gave the same verdict on ${outcome.agree} of the ${outcome.compared} samples both scored; "timed out" can be this loaded machine being slow\n\n` +
        (shown.length ? table(['task', 'reason'], shown) : '_none_') +
        (rows.length > shown.length
          ? `\n\n… and ${rows.length - shown.length} more (run the benchmark to list them all).`
          : ''),
    );
  }
  process.stdout.write(`${speedTable}\n`);
  for (const outcome of outcomes) {
    process.stdout.write(
      `${outcome.name}: ${outcome.disagreements.length} disagreements, ${outcome.failingReferences.length} failing references\n`,
    );
  }
  return sections.join('\n\n');
}
