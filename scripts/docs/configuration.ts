import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  CONFIG_TABLES,
  CONFIG_VALUES,
  LOCAL_PROVIDER_KEYS,
  PROVIDER_KEYS,
} from '../../src/config/known-keys.js';
import { DEFAULT_POLICY, licenceSectionSchema } from '../../src/licence/policy.js';
import {
  localSectionSchema,
  modelSectionSchema,
  providerSectionSchema,
} from '../../src/model/resolve/model-config.js';
import { securitySection } from '../../src/security/check.js';
import { DEFAULT_SETTINGS, serverSection } from '../../src/server/settings.js';
import { DEFAULT_PRIVACY_POLICY, privacySection } from '../../src/telemetry/privacy-policy.js';
import { generatedHeader, shown, table } from './markdown.js';

/**
 * docs/reference/configuration.md: every table and key vouch.toml accepts, with its type and bounds read
 * from the zod schema its owner validates it with, and the owner's own comment on the key. The list of
 * tables is config/known-keys.ts's, so a key vouch refuses is never documented, nor one it reads left out.
 */

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
};

const ROOT = join(import.meta.dirname, '..', '..');

interface Table {
  name: string;
  schema: z.ZodObject;
  /** the file whose schema this is: its comments describe the keys */
  owner: string;
  about: string;
  defaults?: Record<string, unknown>;
}

const TABLES: Table[] = [
  {
    name: 'model',
    schema: modelSectionSchema,
    owner: 'src/model/resolve/model-config.ts',
    about: 'which model each task uses, as `provider:name`; `default` for the tasks without their own line',
  },
  {
    name: 'providers.NAME',
    schema: providerSectionSchema,
    owner: 'src/model/resolve/model-config.ts',
    about:
      "a built-in provider's overrides (`openai`, `anthropic`, `ollama`, `llamacpp`), or a new name with a `kind`",
  },
  {
    name: 'providers.local',
    schema: localSectionSchema,
    owner: 'src/model/resolve/model-config.ts',
    about: 'how the embedded llama.cpp runs `local:` models (it has no endpoint or key)',
  },
  {
    name: 'server',
    schema: serverSection,
    owner: 'src/server/settings.ts',
    about: 'the team server (`vouch serve`)',
    defaults: {
      rate_limit_per_minute: DEFAULT_SETTINGS.rateLimitPerMinute,
      body_limit_bytes: DEFAULT_SETTINGS.bodyLimitBytes,
      cors_origins: DEFAULT_SETTINGS.corsOrigins,
      debug_commands: DEFAULT_SETTINGS.debugCommands,
      apply_changes: DEFAULT_SETTINGS.applyChanges,
    },
  },
  {
    name: 'privacy',
    schema: privacySection,
    owner: 'src/telemetry/privacy-policy.ts',
    about: 'where prompts may go; one policy for the CLI, the language server and the server',
    defaults: { policy: DEFAULT_PRIVACY_POLICY },
  },
  {
    name: 'security',
    schema: securitySection,
    owner: 'src/security/check.ts',
    about: 'the security gate',
  },
  {
    name: 'licence',
    schema: licenceSectionSchema,
    owner: 'src/licence/policy.ts',
    about: 'the licence policy: licence categories or SPDX ids per decision',
    defaults: {
      allow: DEFAULT_POLICY.allow,
      review: DEFAULT_POLICY.review,
      deny: DEFAULT_POLICY.deny,
      min_match_chars: DEFAULT_POLICY.minMatchChars,
    },
  },
];

/**
 * What a key is, for the keys whose owner has no comment on it. A name here that no schema has fails the
 * generator, so this list cannot outlive a key.
 */
const DESCRIPTIONS: Record<string, Record<string, string>> = {
  model: {
    default: 'the model of every task without its own line',
    generate: 'generate, fix, explain, debug, test, refactor, review and ask',
    chat: 'chat',
    complete: 'inline completion (fill-in-the-middle): small and fast',
    embed: 'embeddings for hybrid retrieval in the index (optional)',
  },
  'providers.NAME': {
    kind: 'the protocol a new provider speaks',
    base_url: 'the endpoint, e.g. http://gpu-box:8000/v1',
    fim_template:
      'fill-in-the-middle template; `auto` guesses from the model name, `server` sends prefix and suffix as they are',
    location: 'prompts to remote models have secrets redacted',
    timeout_ms: 'per request',
    max_retries: 'retries of rate limits and server errors, with backoff and jitter',
    redact: 'when secrets are redacted from prompts (never: local models only, see [privacy])',
  },
  server: {
    rate_limit_per_minute: 'requests a token may make each minute',
    body_limit_bytes: 'the largest request body accepted',
    cors_origins: 'origins browsers may call from (none: no CORS headers)',
  },
  privacy: {
    policy:
      '`local-only` refuses a prompt to a remote model; `redact-remote` replaces secrets by placeholders before one leaves',
  },
  licence: {
    allow: 'licence categories or SPDX ids allowed',
    review: 'licence categories or SPDX ids that need a review',
    deny: 'licence categories or SPDX ids denied',
    project: "the project's own licence (default: from package.json / pyproject.toml / Cargo.toml / LICENSE)",
    packages: 'per-package decisions after review',
    min_match_chars: 'shortest copied stretch reported',
  },
};

/** The `/** … *\/` comment right above each key of a schema in its owner's source. */
function keyComments(owner: string): Map<string, string> {
  const source = readFileSync(join(ROOT, owner), 'utf8');
  const comments = new Map<string, string>();
  for (const match of source.matchAll(/\/\*\*\s*((?:(?!\*\/)[\s\S])*?)\s*\*\/\s*\n\s*(\w+):/g))
    comments.set(match[2]!, match[1]!.replace(/\s*\n\s*\*\s*/g, ' '));
  return comments;
}

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' or ');
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const bounds: string[] = [];
  if (schema.exclusiveMinimum !== undefined) bounds.push(`> ${schema.exclusiveMinimum}`);
  if (schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER)
    bounds.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER)
    bounds.push(`≤ ${schema.maximum}`);
  if (schema.format) bounds.push(schema.format);
  if (schema.pattern) bounds.push(`matching \`${schema.pattern}\``);
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  let text = type;
  if (type === 'array' && schema.items) text = `array of ${typeOf(schema.items)}`;
  if (type === 'object' && typeof schema.additionalProperties === 'object')
    text = `table of ${typeOf(schema.additionalProperties)}`;
  return bounds.length > 0 ? `${text} (${bounds.join(', ')})` : text;
}

function tableSection(entry: Table): string {
  const schema = z.toJSONSchema(entry.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const comments = keyComments(entry.owner);
  const properties = schema.properties ?? {};
  for (const key of Object.keys(DESCRIPTIONS[entry.name] ?? {}))
    if (!(key in properties)) throw new Error(`scripts/docs: [${entry.name}] has no key ${key}`);
  const rows = Object.entries(properties).map(([key, property]) => {
    const fallback = entry.defaults?.[key] ?? property.default;
    return [
      `\`${key}\``,
      typeOf(property),
      fallback === undefined ? '' : `\`${shown(fallback)}\``,
      comments.get(key) ?? DESCRIPTIONS[entry.name]?.[key] ?? '',
    ];
  });
  return `## \`[${entry.name}]\`\n\n${entry.about} (validated by \`${entry.owner}\`).\n\n${table(['key', 'type', 'default', 'what it is'], rows)}\n`;
}

export function configurationPage(): Map<string, string> {
  // the page covers exactly the tables vouch.toml accepts (config/known-keys.ts)
  const documented = TABLES.map((entry) => entry.name.split('.')[0]).filter((name) => name !== 'providers');
  const accepted = Object.keys(CONFIG_TABLES);
  if (documented.join() !== accepted.join() || PROVIDER_KEYS.length + LOCAL_PROVIDER_KEYS.length === 0)
    throw new Error(
      `scripts/docs/configuration.ts documents [${documented}], vouch.toml accepts [${accepted}]`,
    );
  const text = `${generatedHeader('the config schemas (src/config/known-keys.ts and each section owner)')}
# Configuration reference

Every key \`vouch.toml\` (and \`~/.config/vouch/config.toml\`, \`--config FILE\`) accepts. A table or key not
listed here is an error, not a setting silently ignored. How the files are found and merged, and examples:
[configuration](../configuration.md).

## Top-level values

${table(
  ['key', 'type', 'default', 'what it is'],
  CONFIG_VALUES.map((key) => [
    `\`${key}\``,
    'true | false | "metadata"',
    '`true`',
    'what the CLI records about its own suggestions: `true` each suggestion with its code and events, `"metadata"` never the code, `false` nothing (src/telemetry/telemetry-setting.ts)',
  ]),
)}

${TABLES.map(tableSection).join('\n')}`;
  return new Map([['docs/reference/configuration.md', text]]);
}
