import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { describeIssues } from '../tasks/index.js';

/** `[server]` in vouch.toml: every field optional, validated here (its owner). */
const serverSection = z
  .object({
    rate_limit_per_minute: z.number().int().min(1).max(10_000_000).optional(),
    body_limit_bytes: z
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .optional(),
    cors_origins: z.array(z.string().url()).optional(),
  })
  .strict();

/** `[privacy]`: where prompts may go. */
const privacySection = z
  .object({
    /** `local-only`: a prompt to a remote model is refused; `redact-remote` (default): secrets are redacted first */
    policy: z.enum(['local-only', 'redact-remote']).optional(),
  })
  .strict();

export interface ServerSettings {
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  /** empty: no CORS headers, browsers on other origins are refused */
  corsOrigins: string[];
  privacy: 'local-only' | 'redact-remote';
}

export const DEFAULT_SETTINGS: ServerSettings = {
  rateLimitPerMinute: 600,
  bodyLimitBytes: 1024 * 1024,
  corsOrigins: [],
  privacy: 'redact-remote',
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
  const privacy = section(privacySection, config.privacy, 'privacy');
  return {
    rateLimitPerMinute: server.rate_limit_per_minute ?? DEFAULT_SETTINGS.rateLimitPerMinute,
    bodyLimitBytes: server.body_limit_bytes ?? DEFAULT_SETTINGS.bodyLimitBytes,
    corsOrigins: server.cors_origins ?? DEFAULT_SETTINGS.corsOrigins,
    privacy: privacy.policy ?? DEFAULT_SETTINGS.privacy,
  };
}
