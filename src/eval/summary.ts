import { meanPassAtK } from './pass-at-k.js';
import type { ScoredSample } from './score.js';
import { failureLabel } from './verdict.js';

export interface ProblemSummary {
  taskId: string;
  /** samples scored */
  n: number;
  /** samples passed */
  c: number;
  /** failure label → count (e.g. `assertion`, `NameError`, `timeout`) */
  failures: Record<string, number>;
  /** median run time of its samples */
  medianMs: number;
}

export interface EvalSummary {
  problems: number;
  samples: number;
  passed: number;
  /** k → mean pass@k over problems (only k with n >= k for every problem) */
  passAtK: Record<string, number>;
  /** requested k that some problem has too few samples for */
  skippedK: number[];
  /** failure label → count over all samples */
  failureKinds: Record<string, number>;
  perProblem: ProblemSummary[];
  /** run-time distribution of the samples (ms) */
  time: { medianMs: number; p95Ms: number; maxMs: number; histogram: { upToMs: number; count: number }[] };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const BUCKETS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, Number.POSITIVE_INFINITY];

export function summarise(scored: readonly ScoredSample[], ks: readonly number[]): EvalSummary {
  const byProblem = new Map<string, ScoredSample[]>();
  for (const entry of scored) {
    const list = byProblem.get(entry.problem.taskId) ?? [];
    list.push(entry);
    byProblem.set(entry.problem.taskId, list);
  }
  const failureKinds: Record<string, number> = {};
  const perProblem: ProblemSummary[] = [];
  for (const [taskId, entries] of byProblem) {
    const failures: Record<string, number> = {};
    for (const { verdict } of entries) {
      if (verdict.passed) continue;
      const label = failureLabel(verdict.kind);
      failures[label] = (failures[label] ?? 0) + 1;
      failureKinds[label] = (failureKinds[label] ?? 0) + 1;
    }
    const times = entries.map(({ verdict }) => verdict.durationMs).sort((a, b) => a - b);
    perProblem.push({
      taskId,
      n: entries.length,
      c: entries.filter(({ verdict }) => verdict.passed).length,
      failures,
      medianMs: quantile(times, 0.5),
    });
  }
  const { values, skipped } = meanPassAtK(perProblem, ks);
  const times = scored.map(({ verdict }) => verdict.durationMs).sort((a, b) => a - b);
  const histogram = BUCKETS.map((upToMs, index) => ({
    upToMs,
    count: times.filter((time) => time <= upToMs && (index === 0 || time > BUCKETS[index - 1]!)).length,
  }));
  return {
    problems: perProblem.length,
    samples: scored.length,
    passed: scored.filter(({ verdict }) => verdict.passed).length,
    passAtK: values,
    skippedK: skipped,
    failureKinds,
    perProblem,
    time: {
      medianMs: quantile(times, 0.5),
      p95Ms: quantile(times, 0.95),
      maxMs: times.at(-1) ?? 0,
      histogram,
    },
  };
}
