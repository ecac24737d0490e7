import { UsageError } from '../../core/errors.js';
import { BENCHMARK_IDS, type Benchmark, type BenchmarkId, type ExecutionMode } from '../problem.js';
import { loadHumanEval } from './humaneval.js';
import { loadHumanEvalTs } from './humaneval-ts.js';
import { loadMbpp, type MbppForm } from './mbpp.js';
import { loadMbppTs } from './mbpp-ts.js';

export interface LoadBenchmarkOptions {
  datasets: string;
  /** MBPP only: the original records or the MBXP (HumanEval-style) form */
  mbppForm?: MbppForm;
  /** TypeScript only: judge with the other harness's rules (e.g. MultiPL-E's strict compile on MBPP-TS) */
  tsHarness?: 'multipl-e' | 'mxeval';
}

export function isBenchmarkId(value: string): value is BenchmarkId {
  return (BENCHMARK_IDS as readonly string[]).includes(value);
}

export function loadBenchmark(id: string, options: LoadBenchmarkOptions): Benchmark {
  if (!isBenchmarkId(id)) {
    throw new UsageError(`unknown benchmark "${id}"`, { hint: `use one of: ${BENCHMARK_IDS.join(', ')}` });
  }
  let benchmark: Benchmark;
  switch (id) {
    case 'humaneval':
      benchmark = loadHumanEval(options.datasets);
      break;
    case 'mbpp':
      benchmark = loadMbpp(options.datasets, options.mbppForm ?? 'original');
      break;
    case 'humaneval-ts':
      benchmark = loadHumanEvalTs(options.datasets);
      break;
    case 'mbpp-ts':
      benchmark = loadMbppTs(options.datasets);
      break;
  }
  if (options.tsHarness && benchmark.language === 'typescript') {
    const mode: ExecutionMode = options.tsHarness === 'multipl-e' ? 'ts-multipl-e' : 'ts-mxeval';
    benchmark = { ...benchmark, mode };
  }
  return benchmark;
}

/** MBPP's form from the samples' ids: `MBPP/11` is the MBXP form, a bare number the original. */
export function mbppFormOf(taskIds: Iterable<string>): MbppForm {
  for (const id of taskIds) return id.startsWith('MBPP/') ? 'mbxp' : 'original';
  return 'original';
}
