/**
 * The real datasets load whole: every record of the five files passes the loaders' checks, the counts are
 * the releases' own, and MBPP's test_setup_code stands before the tests of a task that needs it (367).
 * src/eval/benchmarks/loaders.test.ts tests the loaders on synthetic records of the same formats; this
 * checks the files themselves, which live outside the repository (licences that forbid copying them), so
 * CI, which clones only the repository, cannot.
 *
 *   npx tsx bench/eval/datasets-check.ts        # $VOUCH_DATASETS or ../shared/datasets; exit 1 on a mismatch
 */
import { datasetsDir, loadBenchmark } from '../../src/eval/index.js';
import { table } from '../results.js';

const datasets = datasetsDir(undefined);
const expected: [string, Parameters<typeof loadBenchmark>[1]['mbppForm'] | undefined, number][] = [
  ['humaneval', undefined, 164],
  ['mbpp', 'original', 974],
  ['mbpp', 'mbxp', 974],
  ['humaneval-ts', undefined, 159],
  ['mbpp-ts', undefined, 968],
];

const rows: string[][] = [];
let failed = false;
for (const [id, mbppForm, count] of expected) {
  const name = mbppForm ? `${id} (${mbppForm})` : id;
  try {
    const benchmark = loadBenchmark(id, { datasets, ...(mbppForm ? { mbppForm } : {}) });
    const ok = benchmark.problems.length === count;
    failed ||= !ok;
    rows.push([name, String(benchmark.problems.length), String(count), ok ? 'ok' : 'MISMATCH']);
  } catch (error) {
    failed = true;
    rows.push([name, '-', String(count), `ERROR ${(error as Error).message}`]);
  }
}

let setup = 'not checked';
try {
  const mbpp = loadBenchmark('mbpp', { datasets, mbppForm: 'original' });
  const problem = mbpp.problems.find((entry) => entry.taskId === '367');
  const program = problem ? mbpp.program(problem, 'def is_tree_balanced(root): return False') : '';
  const at = program.indexOf('root = Node(1)');
  const ok = at > 0 && at < program.indexOf('assert');
  failed ||= !ok;
  setup = ok ? 'ok' : 'MISMATCH';
} catch (error) {
  failed = true;
  setup = `ERROR ${(error as Error).message}`;
}

process.stdout.write(
  `Datasets: ${datasets}\n\n${table(['file', 'records', 'expected', ''], rows)}\n\nMBPP 367's test_setup_code before its tests: ${setup}\n`,
);
process.exitCode = failed ? 1 : 0;
