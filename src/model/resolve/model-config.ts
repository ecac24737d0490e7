import { z } from 'zod';
import { FIM_TEMPLATE_NAMES } from '../fim/fim-templates.js';
import { ModelError } from '../model-error.js';

export const PROVIDER_KINDS = ['openai', 'anthropic', 'ollama', 'llamacpp'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** The tasks that can each have their own model (`[model] complete = "…"`). */
export type ModelTask = 'generate' | 'chat' | 'complete' | 'embed';

const spec = z.string().min(1);

/** `[model]`: which model each task uses; `default` for tasks without their own line. */
export const modelSectionSchema = z
  .object({
    default: spec.optional(),
    generate: spec.optional(),
    chat: spec.optional(),
    complete: spec.optional(),
    embed: spec.optional(),
  })
  .strict();

/** `[providers.<name>]`: a built-in provider's overrides, or a new name with a `kind`. */
export const providerSectionSchema = z
  .object({
    kind: z.enum(PROVIDER_KINDS).optional(),
    base_url: z.url().optional(),
    /** the environment variable holding the key (keys never live in config files) */
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional(),
    fim_template: z.enum([...FIM_TEMPLATE_NAMES, 'server', 'none', 'auto']).optional(),
    location: z.enum(['local', 'remote']).optional(),
    timeout_ms: z.number().int().positive().optional(),
    max_retries: z.number().int().min(0).max(10).optional(),
    redact: z.enum(['remote', 'always', 'never']).optional(),
  })
  .strict();

/** `[providers.local]`: how the embedded llama.cpp runs `local:` models (it has no endpoint or key). */
export const localSectionSchema = z
  .object({
    /** tokens of context (prompt and answer); capped at what the model was trained for */
    context_size: z.number().int().min(256).max(1_048_576).optional(),
    /** evaluation threads (default: half the logical CPUs) */
    threads: z.number().int().min(1).max(1024).optional(),
    /** `auto` uses a GPU when llama.cpp finds one; `cpu` never does */
    gpu: z.enum(['auto', 'cpu', 'cuda', 'vulkan', 'metal']).optional(),
  })
  .strict();

export type ModelSection = z.infer<typeof modelSectionSchema>;
export type ProviderSection = z.infer<typeof providerSectionSchema>;
export type LocalSection = z.infer<typeof localSectionSchema>;

export interface ModelConfig {
  model: ModelSection;
  /** every `[providers.*]` section except `local` */
  providers: Record<string, ProviderSection>;
  local: LocalSection;
}

function configError(where: string, issue: z.core.$ZodIssue | undefined): ModelError {
  const path = issue?.path.length ? `.${issue.path.join('.')}` : '';
  return new ModelError(
    'configuration',
    `the config's ${where}${path} is invalid: ${issue?.message ?? 'unexpected value'}`,
    {
      hint: 'fix that entry in vouch.toml or ~/.config/vouch/config.toml; the format is in src/model/README.md and the README under "Configuration"',
    },
  );
}

/** Reads and validates `[model]` and `[providers.*]` from the merged config data. */
export function readModelConfig(data: Record<string, unknown>): ModelConfig {
  const model = modelSectionSchema.safeParse(data.model ?? {});
  if (!model.success) throw configError('[model]', model.error.issues[0]);
  const providersValue = data.providers ?? {};
  if (typeof providersValue !== 'object' || providersValue === null || Array.isArray(providersValue)) {
    throw configError('[providers]', undefined);
  }
  const providers: Record<string, ProviderSection> = {};
  let local: LocalSection = {};
  for (const [name, value] of Object.entries(providersValue)) {
    if (name === 'local') {
      const parsed = localSectionSchema.safeParse(value);
      if (!parsed.success) throw configError('[providers.local]', parsed.error.issues[0]);
      local = parsed.data;
      continue;
    }
    const parsed = providerSectionSchema.safeParse(value);
    if (!parsed.success) throw configError(`[providers.${name}]`, parsed.error.issues[0]);
    providers[name] = parsed.data;
  }
  return { model: model.data, providers, local };
}
