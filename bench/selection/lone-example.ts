/**
 * How often a program that passes the request's examples is right (w239): is a lone passing example worth
 * "verified"? Data: CodeT's CodeGen-16B HumanEval recording, the 82 even problems in
 * `../shared/datasets/selection-real` (the dev half; its README), 100 samples a problem, and HumanEval's
 * prompts and hidden tests (`../shared/datasets/humaneval`). Evaluation only.
 *
 *   tsx bench/selection/lone-example.ts [--limit N] [--workers 2] [--record]
 *
 * For each sample (prompt + completion, as `vouch eval` delivers it):
 * - the request's examples: the prompt's examples as vouch reads them (`requestExamples` over the functions
 *   the code defines: the `examples` check's own reading), called on the sample and compared as the check
 *   compares (lone_example_run.py says how);
 * - correct: HumanEval's hidden tests pass (`check(entry_point)`, as the official harness runs it);
 * - the model's own tests: the recording's test answer of the same index (the same model, asked apart:
 *   `tests.jsonl`), or the next answer that holds an assertion (`modelTests`), split into assertions as
 *   selection splits them (`splitTests`); they pass when there is at least one and every one passes.
 * Prints P(correct | examples pass), P(correct | examples pass and the model's tests pass) and the rest, pooled
 * over samples and averaged over problems (each problem one vote), with their counts.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { datasetsDir } from '../../src/eval/index.js';
import { splitTests } from '../../src/selection/index.js';
import { pythonFunctionNames, requestExamples } from '../../src/tasks/index.js';
import { recordResults, table } from '../results.js';

interface Problem {
  task_id: string;
  prompt: string;
  test: string;
  entry_point: string;
}

interface Outcome {
  id: number;
  examples: 'passed' | 'failed' | 'error' | 'none';
  hidden: boolean;
  asserts: { ran: number; passed: number };
}

const HERE = dirname(fileURLToPath(import.meta.url));
const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const limit = Number(argument('--limit') ?? Infinity);
const workers = Number(argument('--workers') ?? 2);

const data = datasetsDir();
const problems = new Map<string, Problem>(
  gunzipSync(readFileSync(join(data, 'humaneval', 'HumanEval.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Problem)
    .map((problem) => [problem.task_id, problem]),
);
const readLines = (file: string) =>
  readFileSync(join(data, 'selection-real', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { task_id: string; completion?: string; test?: string });
const samples = readLines('samples.jsonl');
const tests = readLines('tests.jsonl');

interface Job {
  id: number;
  task: string;
  code: string;
  examples: { call: string; expected: string }[];
  hidden: string;
  entry: string;
  asserts: string[];
}

const seen = new Map<string, number>();
const testsOf = new Map<string, string[]>();
for (const line of tests) testsOf.set(line.task_id, [...(testsOf.get(line.task_id) ?? []), line.test ?? '']);
/**
 * The model's tests for sample `index`: its test answer of the same index, or, when that one holds no
 * assertion that parses (most of the recording's answers are cut off or empty), the next one that does —
 * a model that supplied tests when asked. None when no answer of the problem has any.
 */
const splitCache = new Map<string, Awaited<ReturnType<typeof splitTests>>>();
async function modelTests(task: string, index: number): Promise<Awaited<ReturnType<typeof splitTests>>> {
  const answers = testsOf.get(task) ?? [];
  for (let step = 0; step < answers.length; step++) {
    const at = (index + step) % answers.length;
    const key = `${task}#${at}`;
    let split = splitCache.get(key);
    if (!split) {
      split = await splitTests('python', answers[at]!);
      splitCache.set(key, split);
    }
    if (split.assertions.length > 0) return split;
  }
  return { prelude: [], assertions: [], dropped: 0 };
}

const jobs: Job[] = [];
for (const [id, sample] of samples.entries()) {
  const index = seen.get(sample.task_id) ?? 0;
  seen.set(sample.task_id, index + 1);
  if (index >= limit) continue;
  const problem = problems.get(sample.task_id);
  if (!problem) throw new Error(`no HumanEval problem ${sample.task_id}`);
  const code = `${problem.prompt}${sample.completion ?? ''}`;
  const examples = requestExamples(problem.prompt, pythonFunctionNames(code)).map((example) => ({
    call: `${example.name}(${example.args})`,
    expected: example.expected,
  }));
  const split = await modelTests(sample.task_id, index);
  const prelude = split.prelude.join('\n');
  jobs.push({
    id,
    task: sample.task_id,
    code,
    examples,
    hidden: problem.test,
    entry: problem.entry_point,
    asserts: split.assertions.map((assertion) => (prelude ? `${prelude}\n${assertion}` : assertion)),
  });
}

/** One python driver per worker, the jobs dealt out in turn. */
async function runAll(all: readonly Job[]): Promise<Map<number, Outcome>> {
  const outcomes = new Map<number, Outcome>();
  const shares = Array.from({ length: workers }, (_, worker) =>
    all.filter((_, at) => at % workers === worker),
  );
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('nice', ['python3', join(HERE, 'lone_example_run.py')], {
            stdio: ['pipe', 'pipe', 'inherit'],
          });
          let rest = '';
          child.stdout.on('data', (chunk: Buffer) => {
            rest += chunk.toString('utf8');
            const lines = rest.split('\n');
            rest = lines.pop() ?? '';
            for (const line of lines) {
              const outcome = JSON.parse(line) as Outcome;
              outcomes.set(outcome.id, outcome);
              if (outcomes.size % 500 === 0) process.stderr.write(`${outcomes.size}/${all.length}\n`);
            }
          });
          child.on('error', reject);
          child.on('close', () => resolve());
          for (const job of share) child.stdin.write(`${JSON.stringify(job)}\n`);
          child.stdin.end();
        }),
    ),
  );
  return outcomes;
}

const started = new Date().toISOString();
const cpuBefore = process.cpuUsage();
const outcomes = await runAll(jobs);

interface Count {
  samples: number;
  correct: number;
}
const modelTestsPass = (outcome: Outcome) =>
  outcome.asserts.ran > 0 && outcome.asserts.passed === outcome.asserts.ran;
const conditions: Record<string, (outcome: Outcome) => boolean> = {
  'every sample (problems with examples)': () => true,
  'examples pass': (outcome) => outcome.examples === 'passed',
  'examples pass, model tests pass': (outcome) => outcome.examples === 'passed' && modelTestsPass(outcome),
  'examples pass, model tests fail': (outcome) =>
    outcome.examples === 'passed' && outcome.asserts.ran > 0 && !modelTestsPass(outcome),
  'examples pass, no model test ran': (outcome) => outcome.examples === 'passed' && outcome.asserts.ran === 0,
  'examples fail or error': (outcome) => outcome.examples === 'failed' || outcome.examples === 'error',
};
const jobOf = new Map<number, Job>();
const exampleCount = (outcome: Outcome) => jobOf.get(outcome.id)?.examples.length ?? 0;
Object.assign(conditions, {
  'one example, it passes': (outcome: Outcome) =>
    outcome.examples === 'passed' && exampleCount(outcome) === 1,
  'two examples, they pass': (outcome: Outcome) =>
    outcome.examples === 'passed' && exampleCount(outcome) === 2,
  'three or more examples, they pass': (outcome: Outcome) =>
    outcome.examples === 'passed' && exampleCount(outcome) >= 3,
  'one example passes, model tests pass': (outcome: Outcome) =>
    outcome.examples === 'passed' && exampleCount(outcome) === 1 && modelTestsPass(outcome),
});
const withExamples = jobs.filter((job) => job.examples.length > 0);
for (const job of jobs) jobOf.set(job.id, job);
const taskCount = (list: readonly Job[]) => new Set(list.map((job) => job.task)).size;
const rows: string[][] = [];
const figures: Record<string, number> = {};
for (const [label, holds] of Object.entries(conditions)) {
  const pooled: Count = { samples: 0, correct: 0 };
  const byTask = new Map<string, Count>();
  for (const job of withExamples) {
    const outcome = outcomes.get(job.id);
    if (!outcome || !holds(outcome)) continue;
    pooled.samples++;
    if (outcome.hidden) pooled.correct++;
    const count = byTask.get(job.task) ?? { samples: 0, correct: 0 };
    count.samples++;
    if (outcome.hidden) count.correct++;
    byTask.set(job.task, count);
  }
  const shares = [...byTask.values()].map((count) => count.correct / count.samples);
  const macro = shares.length ? shares.reduce((sum, share) => sum + share, 0) / shares.length : 0;
  const pooledShare = pooled.samples ? pooled.correct / pooled.samples : 0;
  rows.push([
    label,
    String(pooled.samples),
    String(byTask.size),
    `${pooled.correct} (${(100 * pooledShare).toFixed(1)}%)`,
    `${(100 * macro).toFixed(1)}%`,
  ]);
  const key = label.replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');
  figures[`${key}_samples`] = pooled.samples;
  figures[`${key}_p_correct`] = Number(pooledShare.toFixed(4));
  figures[`${key}_p_correct_by_problem`] = Number(macro.toFixed(4));
}
const cpu = process.cpuUsage(cpuBefore);
const noExamples = jobs.filter((job) => job.examples.length === 0);
const exampleCounts = [...new Map(withExamples.map((job) => [job.task, job.examples.length])).values()];
const summary = [
  `problems: ${taskCount(jobs)}, with examples vouch reads: ${taskCount(withExamples)} (examples a problem: median ${
    exampleCounts.sort((a, b) => a - b)[Math.floor(exampleCounts.length / 2)] ?? 0
  }, one only: ${exampleCounts.filter((count) => count === 1).length}); without: ${taskCount(noExamples)}`,
  `samples: ${jobs.length} (${limit === Infinity ? 'all' : `first ${limit}`} a problem); run (the problems with examples): ${withExamples.length}`,
];
const markdown = `${summary.join('\n\n')}\n\n${table(
  ['samples where', 'samples', 'problems', 'correct (pooled)', 'correct (mean over problems)'],
  rows,
)}`;
console.log(markdown);
figures.problems = taskCount(jobs);
figures.problems_with_examples = taskCount(withExamples);
if (process.argv.includes('--record'))
  recordResults('selection-real', 'lone example: P(right | examples pass)', markdown, {
    origin:
      '../shared/datasets/selection-real (CodeT’s CodeGen-16B HumanEval recording, MIT, the even-problem dev half, samples sha256 ed5480a9f14e…, tests 33395a7e2d69…; prompts and hidden tests ../shared/datasets/humaneval, MIT)',
    figures,
    date: started,
    fields: {
      driverCpuSeconds: (cpu.user + cpu.system) / 1e6,
      headline: ['examples_pass_p_correct'],
    },
  });
