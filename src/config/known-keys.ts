import { UsageError } from '../core/errors.js';
import { nameDistance } from '../core/name-distance.js';

/**
 * Every table and key of vouch.toml that some part of vouch reads, so that a misspelt one (`[modle]`,
 * `polcy = …`) is an error with a did-you-mean instead of a setting silently ignored. The owners validate
 * the values (model/resolve/model-config.ts, server/settings.ts, telemetry/privacy-policy.ts and
 * telemetry-setting.ts, security/check.ts, licence/policy.ts); known-keys.test.ts holds this list to the
 * keys of their schemas, so no key an owner reads is refused here.
 */
export const PROVIDER_KEYS = [
  'kind',
  'base_url',
  'api_key_env',
  'fim_template',
  'location',
  'timeout_ms',
  'max_retries',
  'redact',
] as const;
export const LOCAL_PROVIDER_KEYS = ['context_size', 'threads', 'gpu'] as const;

export const CONFIG_TABLES: Readonly<Record<string, readonly string[]>> = {
  model: ['default', 'generate', 'chat', 'complete', 'embed'],
  server: [
    'rate_limit_per_minute',
    'body_limit_bytes',
    'cors_origins',
    'debug_commands',
    'max_concurrent_tasks',
    'max_queued_tasks',
    'max_tasks_per_user',
    'apply_changes',
    'check_deadline_seconds',
  ],
  privacy: ['policy'],
  security: ['external', 'semgrep', 'file_budget'],
  licence: ['allow', 'review', 'deny', 'project', 'packages', 'min_match_chars'],
};
/** top-level keys that are values, not tables */
export const CONFIG_VALUES = ['telemetry'] as const;
/** `[providers.<name>]`: any name, each with a provider's keys (`local` has its own) */
const PROVIDERS = 'providers';

/** The known name nearest `name`, when it is near enough to be a slip (a third of its letters, at most 3). */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const apart = nameDistance(lower, candidate);
    if (!best || apart < best.distance) best = { name: candidate, distance: apart };
  }
  const allowed = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  return best && best.distance <= allowed ? best.name : undefined;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function unknownKey({
  file,
  what,
  name,
  known,
}: {
  file: string;
  what: string;
  name: string;
  known: readonly string[];
}): UsageError {
  const near = nearestName(name, known);
  return new UsageError(`${file}: unknown ${what} in the config`, {
    hint: `${near ? `did you mean ${what.startsWith('table') ? `[${near}]` : near}? ` : ''}known here: ${known.join(', ')} (the format is in the README under "Configuration")`,
  });
}

/** Refuses a table or key of one config file that vouch does not read, naming the file and the nearest known name. */
export function checkKnownKeys(file: string, data: Record<string, unknown>): void {
  const tables = [...Object.keys(CONFIG_TABLES), PROVIDERS];
  for (const [name, value] of Object.entries(data)) {
    if ((CONFIG_VALUES as readonly string[]).includes(name)) continue;
    if (name === PROVIDERS) {
      if (!isTable(value)) continue; // the owner says what is wrong with its shape
      for (const [provider, section] of Object.entries(value)) {
        if (!isTable(section)) continue;
        const known = provider === 'local' ? LOCAL_PROVIDER_KEYS : PROVIDER_KEYS;
        for (const key of Object.keys(section))
          if (!(known as readonly string[]).includes(key))
            throw unknownKey({ file, what: `key '${key}' in [providers.${provider}]`, name: key, known });
      }
      continue;
    }
    const known = CONFIG_TABLES[name];
    if (!known) {
      const what = isTable(value) ? `table [${name}]` : `key '${name}'`;
      throw unknownKey({ file, what, name, known: isTable(value) ? tables : [...tables, ...CONFIG_VALUES] });
    }
    if (!isTable(value)) continue;
    for (const key of Object.keys(value))
      if (!known.includes(key))
        throw unknownKey({ file, what: `key '${key}' in [${name}]`, name: key, known });
  }
}
