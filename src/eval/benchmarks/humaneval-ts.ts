import { z } from 'zod';
import { datasetFile } from '../datasets-dir.js';
import { readJsonl } from '../jsonl.js';
import { type Benchmark, type Problem, truncateAtStopTokens } from '../problem.js';

const MultiplERecord = z.object({
  name: z.string().min(1),
  language: z.literal('ts'),
  prompt: z.string().min(1),
  tests: z.string().min(1),
  stop_tokens: z.array(z.string()).min(1),
});

export const HUMANEVAL_TS_FILE = 'humaneval-ts/humaneval-ts.jsonl';

/** The name's function part: `HumanEval_23_strlen` → `strlen`. */
function entryPointOf(name: string): string {
  return name.replace(/^HumanEval_\d+_/, '');
}

/** MultiPL-E's HumanEval translated to TypeScript (159 problems), scored as MultiPL-E's eval_ts.py does. */
export function loadHumanEvalTs(dir: string): Benchmark {
  const file = datasetFile(dir, HUMANEVAL_TS_FILE);
  const records = readJsonl(
    file,
    MultiplERecord,
    "humaneval-ts.jsonl should be MultiPL-E's humaneval-ts file",
  );
  const problems: Problem[] = records.map(({ value, line }) => ({
    taskId: value.name,
    prompt: value.prompt,
    entryPoint: entryPointOf(value.name),
    test: value.tests,
    description: value.prompt,
    stopTokens: value.stop_tokens,
    source: `${file}:${line}`,
  }));
  return {
    id: 'humaneval-ts',
    form: 'multipl-e',
    language: 'typescript',
    mode: 'ts-multipl-e',
    file,
    harness:
      'nuprl/MultiPL-E: completion cut at stop tokens; prompt + completion + "\\n" + tests; eval_ts.py: `tsc --target esnext`, then `node`',
    problems,
    program: (problem, completion) =>
      `${problem.prompt}${truncateAtStopTokens(completion, problem.stopTokens)}\n${problem.test}`,
    solution: (problem, completion) =>
      `${problem.prompt}${truncateAtStopTokens(completion, problem.stopTokens)}\n`,
  };
}
