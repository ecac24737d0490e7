import { locationOf } from '../../model/location.js';
import { configUnderPolicy } from '../../telemetry/privacy.js';
import { defineRoute, type RouteContext } from '../route.js';
import { privacySettingsResponse } from '../schemas.js';
import type { ServerSettings } from '../settings.js';

type Redact = 'remote' | 'always' | 'never';

/**
 * Each configured provider as the policy leaves it: where it is (its `location`, else judged from its
 * `base_url`) and when its prompts are redacted. Only names and those two facts: never a URL or a key.
 */
function providersUnderPolicy(config: Record<string, unknown>) {
  const providers = configUnderPolicy(config).providers as
    | Record<string, Record<string, unknown>>
    | undefined;
  return Object.entries(providers ?? {}).map(([name, settings]) => {
    const location =
      settings.location === 'local' || settings.location === 'remote'
        ? settings.location
        : typeof settings.base_url === 'string'
          ? locationOf(settings.base_url)
          : ('unknown' as const);
    const redact = (['remote', 'always', 'never'] as const).includes(settings.redact as Redact)
      ? (settings.redact as Redact)
      : 'remote';
    return { name, location, redact };
  });
}

/**
 * The server's privacy settings, read-only: the config file is the source of truth (an endpoint that
 * wrote it would let a token widen where code may go). Retention is `vouch prune`, run by the operator.
 */
export function registerPrivacySettingsRoute(
  context: RouteContext,
  options: { settings: ServerSettings; config: Record<string, unknown> },
): void {
  const privacy = options.config.privacy as { policy?: unknown } | undefined;
  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/admin/privacy',
      summary: 'the privacy policy in force, redaction per provider, and what retention would act on',
      tag: 'admin',
      scope: 'admin',
      response: privacySettingsResponse,
    },
    async (c) => {
      const retained = await context.store.retained();
      return c.json({
        policy: options.settings.privacy,
        policySource: privacy?.policy === undefined ? ('default' as const) : ('config' as const),
        editable: false as const,
        redaction: {
          remote: options.settings.privacy === 'local-only' ? ('never-sent' as const) : ('always' as const),
          providers: providersUnderPolicy(options.config),
        },
        retention: {
          automatic: false as const,
          command: 'vouch prune --older-than 90d',
          ...retained,
        },
      });
    },
  );
}
