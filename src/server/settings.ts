import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { describeIssues } from '../tasks/index.js';
import { type PrivacyPolicy, readPrivacyPolicy } from '../telemetry/privacy-policy.js';
import { readTelemetrySetting, type TelemetrySetting } from '../telemetry/telemetry-setting.js';
import { CHECK_DEADLINE_MS } from './check-pool.js';

/** `[server]` in vouch.toml: every field optional, validated here (its owner). */
export const serverSection = z
  .object({
    rate_limit_per_minute: z.number().int().min(1).max(10_000_000).optional(),
    body_limit_bytes: z
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .optional(),
    cors_origins: z.array(z.string().url()).optional(),
    /** argv prefixes a remote user's `debug` may run (command-policy.ts) */
    debug_commands: z.array(z.array(z.string().min(1)).min(1)).optional(),
    /** checks and tasks run at once (admission.ts); default: the machine's cores, at least 2 */
    max_concurrent_tasks: z.number().int().min(1).max(1024).optional(),
    /** checks and tasks waiting for a slot before the server answers 429; default 4 × max_concurrent_tasks */
    max_queued_tasks: z.number().int().min(0).max(100_000).optional(),
    /** checks and tasks one user may run at once; default max_concurrent_tasks − 1 (at least 1), so another user's request starts */
    max_tasks_per_user: z.number().int().min(1).max(1024).optional(),
    /** whether a user's Accept may write a `change` into the server's workspace (`POST /v1/changes/{id}/apply`); off: 403 */
    apply_changes: z.boolean().optional(),
    /** how long one `/v1/check` or `/v1/licence` may run on its worker before it is stopped and answered "not verified" */
    check_deadline_seconds: z.number().min(0.1).max(3600).optional(),
  })
  .strict();

export interface ServerSettings {
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  /** empty: no CORS headers, browsers on other origins are refused */
  corsOrigins: string[];
  /** `[privacy] policy`, shared with the CLI and the language server (telemetry/privacy-policy.ts) */
  privacy: PrivacyPolicy;
  /** `telemetry` in vouch.toml, as for the CLI: what the server stores of suggestions (`off`: nothing) */
  telemetry: TelemetrySetting;
  /** the commands (argv prefixes) a request may have the server run; administrators run any (command-policy.ts) */
  debugCommands: string[][];
  /** checks and tasks run at once, and how many wait, before a 429 (admission.ts) */
  maxConcurrentTasks: number;
  maxQueuedTasks: number;
  /**
   * of those, how many one user may run at once (admission.ts); absent: max_concurrent_tasks − 1, at
   * least 1, so another user's request always has a slot
   */
  maxTasksPerUser?: number;
  /**
   * `POST /v1/changes/{id}/apply` writes into the served workspace: a grant the team makes deliberately
   * (`[server] apply_changes = true`), never one every `tasks` token has (routes/changes.ts)
   */
  applyChanges: boolean;
  /** `/v1/check` and `/v1/licence` past this are stopped and answered "not verified" (check-pool.ts) */
  checkDeadlineMs: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  rateLimitPerMinute: 600,
  bodyLimitBytes: 1024 * 1024,
  corsOrigins: [],
  privacy: 'redact-remote',
  telemetry: 'full',
  debugCommands: [],
  maxConcurrentTasks: Math.max(2, availableParallelism()),
  maxQueuedTasks: 4 * Math.max(2, availableParallelism()),
  applyChanges: false,
  checkDeadlineMs: CHECK_DEADLINE_MS,
};

function section<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success)
    throw new UsageError(`[${name}] in the config is invalid: ${describeIssues(parsed.error)}`, {
      hint: 'see the README, section "The team server"',
    });
  return parsed.data;
}

export function readServerSettings(config: Record<string, unknown>): ServerSettings {
  const server = section(serverSection, config.server, 'server');
  return {
    rateLimitPerMinute: server.rate_limit_per_minute ?? DEFAULT_SETTINGS.rateLimitPerMinute,
    bodyLimitBytes: server.body_limit_bytes ?? DEFAULT_SETTINGS.bodyLimitBytes,
    corsOrigins: server.cors_origins ?? DEFAULT_SETTINGS.corsOrigins,
    privacy: readPrivacyPolicy(config),
    telemetry: readTelemetrySetting(config),
    debugCommands: server.debug_commands ?? DEFAULT_SETTINGS.debugCommands,
    maxConcurrentTasks: server.max_concurrent_tasks ?? DEFAULT_SETTINGS.maxConcurrentTasks,
    maxQueuedTasks:
      server.max_queued_tasks ?? 4 * (server.max_concurrent_tasks ?? DEFAULT_SETTINGS.maxConcurrentTasks),
    ...(server.max_tasks_per_user !== undefined ? { maxTasksPerUser: server.max_tasks_per_user } : {}),
    applyChanges: server.apply_changes ?? DEFAULT_SETTINGS.applyChanges,
    checkDeadlineMs:
      server.check_deadline_seconds !== undefined
        ? Math.round(server.check_deadline_seconds * 1000)
        : DEFAULT_SETTINGS.checkDeadlineMs,
  };
}
