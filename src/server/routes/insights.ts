import { HttpError } from '../http-error.js';
import { defineRoute, type RouteContext } from '../route.js';
import {
  evalRun,
  evalRunRequest,
  evalRunsQuery,
  evalRunsResponse,
  securityStatsQuery,
  securityStatsResponse,
} from '../schemas.js';
import { teamScope } from './visibility.js';

/**
 * The dashboard's data beyond acceptance: the security gate per day and findings by CWE (recorded with
 * each suggestion), and eval runs — `vouch eval` records its summary in the workspace's store, and
 * anything else (a CI job) can post the output of `vouch eval --json` here.
 */
export function registerInsightRoutes(context: RouteContext): void {
  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/stats/security',
      summary: 'the security gate per day (passed, failed, not run) and findings by CWE',
      tag: 'telemetry',
      scope: 'telemetry',
      query: securityStatsQuery,
      response: securityStatsResponse,
    },
    async (c, { query, auth }) => {
      const scope = teamScope(query.all, auth, 'security stats');
      const stats = await context.store.securityStats({
        ...(scope === 'user' ? { userId: auth.user.id } : {}),
        ...(query.since ? { since: query.since } : {}),
      });
      return c.json({ scope, ...stats });
    },
  );

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/eval-runs',
      summary: 'record an eval run: the output of `vouch eval --json`',
      tag: 'telemetry',
      scope: 'telemetry',
      body: evalRunRequest,
      response: evalRun,
      status: 201,
    },
    async (c, { body, auth }) => {
      if (body.interrupted)
        throw new HttpError({
          status: 400,
          code: 'interrupted_run',
          message: 'this eval run was interrupted: its pass@k covers only part of the samples',
          hint: 'run the same `vouch eval` command again to finish it, then post its output',
        });
      if (body.passed > body.samples)
        throw new HttpError({
          status: 400,
          code: 'invalid_request',
          message: 'invalid body: more samples passed than were scored',
        });
      const run = await context.store.recordEvalRun({
        userId: auth.user.id,
        benchmark: body.benchmark,
        form: body.form,
        harness: body.harness,
        model: body.model ?? null,
        problems: body.problems,
        samples: body.samples,
        passed: body.passed,
        passAtK: body['pass@k'],
        // a uniform pick on every problem is no ranking: no selected figure
        selectedPassAt1:
          body.selected && (body.selected.unranked?.length ?? 0) < body.problems
            ? body.selected['pass@k']['1']
            : null,
        pipelinePassAt1: body.pipeline?.['pass@1'] ?? null,
        failureKinds: body.failureKinds,
        sandboxed: body.sandboxed,
        durationMs: body.durationMs,
        source: 'api',
      });
      return c.json(run, 201);
    },
  );

  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/eval-runs',
      summary: 'eval runs (pass@k history), newest first',
      tag: 'telemetry',
      scope: 'telemetry',
      query: evalRunsQuery,
      response: evalRunsResponse,
    },
    async (c, { query, auth }) => {
      const scope = teamScope(query.all, auth, 'eval runs');
      const runs = await context.store.listEvalRuns({
        ...(scope === 'user' ? { userId: auth.user.id } : {}),
        ...(query.since ? { since: query.since } : {}),
        ...(query.benchmark ? { benchmark: query.benchmark } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      });
      return c.json({ scope, runs });
    },
  );
}
