import { existsSync } from 'node:fs';
import type { EvalReport } from '../eval/run-eval.js';
import { localUser } from '../store/record/local-user.js';
import { describeLocation, openServerStore } from '../store/record/open-server-store.js';
import { databaseLocation } from '../telemetry/cli-store.js';

export type RecordedRun = { id: string; where: string } | { skipped: string };

/**
 * Records a finished eval run's summary in the workspace's team store (`VOUCH_DATABASE_URL`, or
 * `.vouch/server.db` when it exists), as the local user, where the web dashboard's pass@k history reads
 * it. Nothing is created when no store is configured; an interrupted run is not recorded (its pass@k
 * covers only part of the samples).
 */
export async function recordEvalRun({
  workspaceRoot,
  report,
  model,
  env = process.env,
}: {
  workspaceRoot: string;
  report: EvalReport;
  model: string | null;
  env?: NodeJS.ProcessEnv;
}): Promise<RecordedRun> {
  if (report.interrupted) return { skipped: 'the run was interrupted' };
  if (report.samples === 0) return { skipped: 'no sample was scored' };
  const location = databaseLocation(workspaceRoot, env);
  if (!env.VOUCH_DATABASE_URL?.trim() && !existsSync(location))
    return { skipped: 'no team store here (set VOUCH_DATABASE_URL, or run `vouch serve` in this workspace)' };
  const store = await openServerStore(location);
  try {
    const user = await localUser(store);
    const run = await store.recordEvalRun({
      userId: user.id,
      benchmark: report.benchmark,
      form: report.form,
      harness: report.harness,
      model,
      problems: report.problems,
      samples: report.samples,
      passed: report.passed,
      passAtK: report['pass@k'],
      // a uniform pick on every problem is no ranking: no selected figure
      selectedPassAt1:
        report.selected && report.selected.unranked.length < report.problems
          ? report.selected['pass@k']['1']
          : null,
      pipelinePassAt1: report.pipeline?.['pass@1'] ?? null,
      failureKinds: report.failureKinds,
      sandboxed: report.sandboxed,
      durationMs: report.durationMs,
      source: 'cli',
    });
    return { id: run.id, where: describeLocation(location) };
  } finally {
    await store.close();
  }
}
