import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { packageVersion } from '../core/package-manifest.js';
import { DETECTOR_BUDGET_MS } from '../security/detector-pool.js';
import type { ServerStore } from '../store/record/server-store.js';
import { taskNames } from '../tasks/index.js';
import type { TaskSession } from '../tasks/task-session.js';
import { Admission } from './admission.js';
import { CheckPool } from './check-pool.js';
import { errorResponse, HttpError, toHttpError } from './http-error.js';
import { openApiDocument } from './openapi.js';
import { rateLimiterFor } from './rate-limit.js';
import { type AppEnv, defineRoute, type RouteContext } from './route.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { ChangeProposals, registerChangeRoutes } from './routes/changes.js';
import { registerCheckRoutes } from './routes/checks.js';
import { registerConversationRoutes } from './routes/conversations.js';
import { registerInsightRoutes } from './routes/insights.js';
import { registerPrivacySettingsRoute } from './routes/privacy-settings.js';
import { registerTaskRoutes } from './routes/tasks.js';
import { registerTelemetryRoutes } from './routes/telemetry.js';
import { health } from './schemas.js';
import { createServerHosts } from './server-host.js';
import type { ServerSettings } from './settings.js';
import { registerWebAssets } from './web-assets.js';

export interface ServerAppOptions {
  store: ServerStore;
  workspaceRoot: string;
  config: Record<string, unknown>;
  settings: ServerSettings;
  /** where models are resolved from (default: the process environment) */
  env?: NodeJS.ProcessEnv;
  /** unexpected errors (the 500s): the server's log, never the client */
  onError?: (error: unknown) => void;
  /** what tasks keep across requests (`vouch serve`: a warm session it closes on shutdown); default: nothing kept */
  session?: TaskSession;
  /**
   * how long a request's detectors (secrets, the security scan) may run on their worker thread before
   * they are stopped and reported as not run (default: detector-pool.ts DETECTOR_BUDGET_MS); tests set a
   * small one
   */
  detectorBudgetMs?: number;
  /**
   * where `/v1/check` and `/v1/licence` run their task: a worker pool with a per-request deadline
   * (check-pool.ts; `vouch serve` makes it and closes it on shutdown). Default: a pool of the
   * settings' deadline when vouch runs compiled; from its TypeScript sources (in-process tests) the task
   * runs on this thread, as the language server's gate does (lsp/gate-runner.ts), unless given one
   */
  checks?: CheckPool;
  /** the changes kept for an Accept (routes/changes.ts); default: a new, empty keeper */
  proposals?: ChangeProposals;
}

function version(): string {
  return packageVersion();
}

/** The whole HTTP API as a Hono app: `app.fetch(request)` answers, with or without a port. */
export function createServerApp(options: ServerAppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const context: RouteContext = {
    app,
    store: options.store,
    limiter: rateLimiterFor(options.store, options.settings.rateLimitPerMinute),
    routes: [],
    admission: new Admission({
      running: options.settings.maxConcurrentTasks,
      queued: options.settings.maxQueuedTasks,
      ...(options.settings.maxTasksPerUser !== undefined
        ? { perUser: options.settings.maxTasksPerUser }
        : {}),
    }),
  };
  const serverVersion = version();

  app.onError((error, c) => {
    const failure = toHttpError(error);
    if (failure.status >= 500 && failure.code === 'internal_error') options.onError?.(error);
    return errorResponse(c, failure);
  });
  app.notFound((c) =>
    errorResponse(
      c,
      new HttpError({
        status: 404,
        code: 'not_found',
        message: `no route ${c.req.method} ${new URL(c.req.url).pathname}`,
        hint: 'see GET /openapi.json',
      }),
    ),
  );
  if (options.settings.corsOrigins.length > 0)
    app.use(
      '*',
      cors({ origin: options.settings.corsOrigins, allowHeaders: ['authorization', 'content-type'] }),
    );
  app.use(
    '*',
    bodyLimit({
      maxSize: options.settings.bodyLimitBytes,
      onError: (c) =>
        errorResponse(
          c,
          new HttpError({
            status: 413,
            code: 'body_too_large',
            message: `the body is larger than the server's limit of ${options.settings.bodyLimitBytes} bytes`,
            hint: 'send less, or raise [server] body_limit_bytes',
            // the rest of the body is not read: the connection cannot carry another request
            headers: { connection: 'close' },
          }),
        ),
    }),
  );

  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/health',
      summary:
        'the server is up, its version, its tasks and what it allows (`apply_changes`: an Accept writes a change)',
      tag: 'meta',
      scope: undefined,
      response: health,
    },
    async (c) =>
      c.json({
        status: 'ok' as const,
        version: serverVersion,
        tasks: taskNames(),
        apply_changes: options.settings.applyChanges,
      }),
  );
  const hosts = createServerHosts({
    workspaceRoot: options.workspaceRoot,
    config: options.config,
    store: options.store,
    policy: options.settings.privacy,
    ...(options.env ? { env: options.env } : {}),
    ...(options.session ? { session: options.session } : {}),
  });
  // a request's detectors run off this thread, with a budget (issue 55)
  const detectorBudgetMs = options.detectorBudgetMs ?? DETECTOR_BUDGET_MS;
  const hostFor = (userId: string) => ({ ...hosts.hostFor(userId), detectorBudgetMs });
  const proposals =
    options.proposals ?? new ChangeProposals(options.store, { keep: options.settings.applyChanges });
  registerTaskRoutes({ context, hostFor, settings: options.settings, proposals });
  registerChangeRoutes(context, { proposals, root: options.workspaceRoot, settings: options.settings });
  const checks =
    options.checks ??
    (import.meta.url.endsWith('.ts')
      ? undefined
      : new CheckPool({
          workspaceRoot: options.workspaceRoot,
          config: options.config,
          detectorBudgetMs,
          deadlineMs: options.settings.checkDeadlineMs,
        }));
  registerCheckRoutes(context, hostFor, checks);
  registerTelemetryRoutes(context, options.settings.telemetry, { detectorBudgetMs });
  registerAccountRoutes(context);
  registerInsightRoutes(context);
  registerConversationRoutes(context, { detectorBudgetMs });
  registerPrivacySettingsRoute(context, { settings: options.settings, config: options.config });
  registerWebAssets(context, { root: options.workspaceRoot });

  const document = openApiDocument(context.routes, serverVersion);
  defineRoute(
    context,
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'this document',
      tag: 'meta',
      scope: undefined,
      response: z.record(z.string(), z.unknown()),
    },
    async (c) => c.json(document),
  );
  return app;
}
