import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';

// smol-toml loads only when there is a TOML file to read, as in config/load.ts (a `vouch scan` of a
// workspace without one never needs it).
const parseToml = (text: string): unknown =>
  (createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml')).parse(text);

/**
 * `[privacy]` in vouch.toml (the workspace's, the user's, or `--config`): where prompts may go. One policy
 * for every face — the server, the CLI and the language server read it here.
 * - `local-only`: a prompt to a remote model is refused, before anything is sent;
 * - `redact-remote` (the default): secrets are replaced by placeholders before a prompt leaves for a
 *   remote model, and a provider's `redact = "never"` cannot turn that off.
 */
export type PrivacyPolicy = 'local-only' | 'redact-remote';

export const PRIVACY_POLICIES = ['local-only', 'redact-remote'] as const;

export const DEFAULT_PRIVACY_POLICY: PrivacyPolicy = 'redact-remote';

/** The policy in force and the config file that set it (undefined: the default, or a file not found). */
export interface PrivacySetting {
  policy: PrivacyPolicy;
  source?: string;
}

export const privacySection = z
  .object({
    policy: z.enum(PRIVACY_POLICIES).optional(),
  })
  .strict();

/** `[privacy]` of the merged config, validated; an invalid section is a usage error naming it. */
export function readPrivacyPolicy(config: Record<string, unknown>): PrivacyPolicy {
  const parsed = privacySection.safeParse(config.privacy ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
      .join('; ');
    throw new UsageError(`[privacy] in the config is invalid: ${issues}`, {
      hint: `policy = "${PRIVACY_POLICIES.join('" or "')}" (see the README, section "The team server")`,
    });
  }
  return parsed.data.policy ?? DEFAULT_PRIVACY_POLICY;
}

/**
 * The policy and where it is set: the last of `configFiles` (merge order, lowest precedence first) whose
 * `[privacy] policy` says so. The files are only re-read to name the source, so a file that cannot be
 * read or parsed here is skipped (loading the config already reported it).
 */
export function privacySetting(
  config: Record<string, unknown>,
  configFiles: readonly string[],
): PrivacySetting {
  const policy = readPrivacyPolicy(config);
  for (const file of [...configFiles].reverse()) {
    if (!existsSync(file)) continue;
    try {
      const data = parseToml(readFileSync(file, 'utf8')) as { privacy?: { policy?: unknown } };
      if (data.privacy?.policy === policy) return { policy, source: file };
      if (data.privacy?.policy !== undefined) break;
    } catch {
      // reported when the config was loaded
    }
  }
  return { policy };
}
