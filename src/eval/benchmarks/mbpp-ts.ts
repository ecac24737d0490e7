import { z } from 'zod';
import { datasetFile } from '../datasets-dir.js';
import { readJsonl } from '../jsonl.js';
import type { Benchmark, Problem } from '../problem.js';

const MbtspRecord = z.object({
  task_id: z.string().regex(/^MBTSP\/\d+$/, 'expected "MBTSP/<n>"'),
  language: z.literal('typescript'),
  prompt: z.string().min(1),
  canonical_solution: z.string().nullable().optional(),
  test: z.string().min(1),
  entry_point: z.string().min(1),
  description: z.string(),
});

export const MBPP_TS_FILE = 'mbpp/mbxp_mbtsp_release_v1.2.jsonl';

/** MBXP's MBPP in TypeScript (968 problems), scored as mxeval's `check_correctness_typescript` does. */
export function loadMbppTs(dir: string): Benchmark {
  const file = datasetFile(dir, MBPP_TS_FILE);
  const records = readJsonl(
    file,
    MbtspRecord,
    'mbxp_mbtsp_release_v1.2.jsonl should be the mxeval release file',
  );
  const problems: Problem[] = records.map(({ value, line }) => ({
    taskId: value.task_id,
    prompt: value.prompt,
    entryPoint: value.entry_point,
    test: value.test,
    ...(value.canonical_solution ? { canonicalSolution: value.canonical_solution } : {}),
    description: value.prompt,
    source: `${file}:${line}`,
  }));
  return {
    id: 'mbpp-ts',
    form: 'mbxp',
    language: 'typescript',
    mode: 'ts-mxeval',
    file,
    harness:
      'amazon-science/mxeval check_correctness_typescript: prompt + completion + test; `tsc --target es5 --lib es2016` (compiled when exit code is 2), then `node`',
    problems,
    program: (problem, completion) => `${problem.prompt}${completion}${problem.test}`,
    solution: (problem, completion) => `${problem.prompt}${completion}\n`,
  };
}
