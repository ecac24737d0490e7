import type { FimMode } from '../fim/fim-templates.js';
import type { RetryEvent, RetryOptions } from '../http/retry.js';
import type { FetchFunction } from '../http/transport.js';
import { type CatalogueModel, DEFAULT_LOCAL_MODEL } from '../local/catalogue.js';
import type { DownloadProgress } from '../local/download-model.js';
import { LLAMA_VERSION, llamaRuntimeInstalled } from '../local/llama-api.js';
import { locationOf } from '../location.js';
import { isModelError, ModelError, safeUrl } from '../model-error.js';
import { defaultFetch } from '../providers/adapter-options.js';
import { createAnthropicModel } from '../providers/anthropic.js';
import { createLlamaCppModel } from '../providers/llamacpp.js';
import { createOllamaModel } from '../providers/ollama.js';
import { ollamaBaseUrl } from '../providers/ollama-host.js';
import { createOpenAiModel, isOfficialOpenAiHost } from '../providers/openai.js';
import { createReplayModel, readReplayFile } from '../providers/replay.js';
import { shouldRedact, withRedaction } from '../redacting-model.js';
import type { LanguageModel, PromptRedactor } from '../types.js';
import { BUILTIN_PROVIDERS, KNOWN_PROVIDER_NAMES } from './builtin-providers.js';
import { resolveLocalModel } from './local-spec.js';
import { type ModelConfig, type ModelTask, type ProviderKind, readModelConfig } from './model-config.js';
import { parseModelSpec } from './model-spec.js';
import { pickOllamaModel, probeOllama } from './ollama-probe.js';

export interface ResolveModelOptions {
  /** `--model provider:name` */
  spec?: string | undefined;
  task: ModelTask;
  /** the merged config data (all sections); `[model]` and `[providers.*]` are read here */
  config: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  fetch?: FetchFunction;
  /** applied to prompts bound for remote models (and all models with `redact = "always"`) */
  redactor?: PromptRedactor;
  /** the config files in lookup order, named in the "no model configured" error */
  configFiles?: string[];
  /** overrides the retry timing (tests use tiny delays); `max_retries` in config still wins for attempts */
  retry?: Partial<RetryOptions>;
  onRetry?: (event: RetryEvent) => void;
  /** how long the no-config Ollama probe waits (default 1.5 s) */
  probeTimeoutMs?: number;
  /** a `local:` catalogue model that is not downloaded yet is fetched (default); false makes it an error */
  allowDownload?: boolean;
  /** reports a model download's progress (the first use of a `local:` catalogue model) */
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** cancels a model download */
  signal?: AbortSignal;
  /** the catalogue `local:NAME` looks in (tests substitute their own) */
  localCatalogue?: readonly CatalogueModel[];
  /** whether node-llama-cpp is there (tests pretend it is not) */
  localRuntimeInstalled?: () => boolean;
}

/** Where the chosen spec came from, for `vouch … --json` output and messages. */
export type ModelSpecSource =
  | 'flag'
  | 'env'
  | 'config-task'
  | 'config-default'
  | 'ollama-probe'
  | 'embedded-default';

export interface ChosenSpec {
  spec: string;
  source: ModelSpecSource;
}

const SOURCE_LABEL: Record<ModelSpecSource, string> = {
  flag: '--model',
  env: 'VOUCH_MODEL',
  'config-task': 'the config',
  'config-default': 'the config ([model] default)',
  'ollama-probe': 'the local Ollama',
  'embedded-default': 'the embedded default',
};

/** The three ways to configure a model, for docs and errors. */
export function describeModelSources(configFiles?: string[]): string {
  const files = configFiles?.length
    ? configFiles.join(' or ')
    : '<workspace>/vouch.toml or ~/.config/vouch/config.toml';
  return [
    '--model provider:name (e.g. --model ollama:qwen2.5-coder:7b, openai:gpt-4o-mini, anthropic:claude-sonnet-4-5)',
    'the VOUCH_MODEL environment variable (same form; for your own OpenAI-compatible server add OPENAI_BASE_URL=http://host:8000/v1)',
    `[model] default = "provider:name" in ${files}`,
  ].join('; ');
}

/**
 * What to say first when nothing chose a model but `OPENAI_BASE_URL` is set: the user has a server and
 * has told vouch where it is, not which of its models to use (a variable alone never chooses a model), so
 * the general list of ways ("add OPENAI_BASE_URL") would tell them to do what they did. The hint as it
 * was when the variable is not set.
 */
function withServerFirst(env: NodeJS.ProcessEnv, hint: string): string {
  const raw = env.OPENAI_BASE_URL?.trim();
  if (!raw) return hint;
  // the address as the user may have written it carries `user:password@` or `?api-key=…`: never echo those
  const url = safeUrl(raw);
  const models = modelsAddress(url);
  const list = models ? ` (\`curl ${models}\` lists them)` : '';
  const first = `OPENAI_BASE_URL is set (${url}) but no model is chosen: VOUCH_MODEL=openai:NAME (or --model openai:NAME) uses that server, NAME being a model it serves${list}`;
  return hint ? `${first}; otherwise ${hint}` : first;
}

/** `<base>/models` of an (already credential-free) base address, or undefined when it is not a URL. */
function modelsAddress(base: string): string | undefined {
  try {
    const parsed = new URL(base);
    parsed.pathname = parsed.pathname.replace(/\/*$/, '/');
    return new URL('models', parsed).toString();
  } catch {
    return undefined;
  }
}

/**
 * Precedence: --model > VOUCH_MODEL > `[model] <task>` > `[model] default` > a model a local Ollama has >
 * the embedded default (`local:qwen2.5-coder-1.5b-instruct`, when node-llama-cpp is installed; not for
 * embeddings).
 */
export async function chooseModelSpec(
  options: ResolveModelOptions,
  config: ModelConfig,
): Promise<ChosenSpec> {
  const env = options.env ?? process.env;
  if (options.spec?.trim()) return { spec: options.spec.trim(), source: 'flag' };
  if (env.VOUCH_MODEL?.trim()) return { spec: env.VOUCH_MODEL.trim(), source: 'env' };
  const forTask = config.model[options.task];
  if (forTask) return { spec: forTask, source: 'config-task' };
  if (config.model.default) return { spec: config.model.default, source: 'config-default' };

  const baseUrl = config.providers.ollama?.base_url ?? ollamaBaseUrl(env.OLLAMA_HOST);
  const models = await probeOllama(baseUrl, options.fetch ?? defaultFetch(), options.probeTimeoutMs);
  if (models === undefined) {
    const runtime = (options.localRuntimeInstalled ?? llamaRuntimeInstalled)();
    if (options.task !== 'embed' && runtime) {
      return { spec: `local:${DEFAULT_LOCAL_MODEL}`, source: 'embedded-default' };
    }
    const why =
      options.task === 'embed'
        ? ''
        : `, and the embedded model cannot run: node-llama-cpp is not installed (\`npm install node-llama-cpp@${LLAMA_VERSION}\` in the vouch folder adds it)`;
    throw new ModelError(
      'configuration',
      `no model is configured, and no Ollama answered at ${baseUrl}${why}`,
      {
        hint: withServerFirst(
          env,
          `choose a model in one of three ways: ${describeModelSources(options.configFiles)}; or start Ollama (\`ollama serve\`) and pull a coder model`,
        ),
        url: baseUrl,
      },
    );
  }
  const picked = pickOllamaModel(models, options.task);
  if (!picked) {
    const want = options.task === 'embed' ? 'nomic-embed-text' : 'qwen2.5-coder:7b';
    throw new ModelError(
      'configuration',
      `Ollama at ${baseUrl} has no model suited to ${options.task}${models.length ? ` (it has ${models.join(', ')})` : ''}`,
      {
        hint: withServerFirst(
          env,
          `pull one with \`ollama pull ${want}\`, or choose a model: ${describeModelSources(options.configFiles)}`,
        ),
        url: baseUrl,
      },
    );
  }
  return { spec: `ollama:${picked}`, source: 'ollama-probe' };
}

// Ollama and llama.cpp know their model's FIM template (Modelfile, GGUF metadata): let them apply it.
// Behind an OpenAI-compatible endpoint the server may not, so the name-based guess is the fallback there.
const DEFAULT_FIM_MODE: Record<ProviderKind, FimMode> = {
  openai: 'auto',
  anthropic: 'server',
  ollama: 'server',
  llamacpp: 'server',
};

/** Builds the adapter a spec names, with the config's provider settings. */
async function buildModel(
  chosen: ChosenSpec,
  options: ResolveModelOptions,
  config: ModelConfig,
): Promise<LanguageModel> {
  const env = options.env ?? process.env;
  const { provider, name } = parseModelSpec(chosen.spec, SOURCE_LABEL[chosen.source]);
  if (provider === 'replay') return createReplayModel(name, await readReplayFile(name));
  if (provider === 'local') return buildEmbeddedModel({ chosen, name, options, config });

  const settings = config.providers[provider];
  const builtin = BUILTIN_PROVIDERS[provider];
  if (!settings && !builtin) {
    const known = [...new Set([...KNOWN_PROVIDER_NAMES, ...Object.keys(config.providers)])];
    throw new ModelError(
      'configuration',
      `unknown model provider "${provider}" (from ${SOURCE_LABEL[chosen.source]})`,
      {
        hint: `known providers: ${known.join(', ')}; or add [providers.${provider}] with kind and base_url to the config`,
      },
    );
  }
  const kind = settings?.kind ?? builtin?.kind;
  if (!kind) {
    throw new ModelError('configuration', `[providers.${provider}] in the config has no kind`, {
      hint: 'add kind = "openai", "anthropic", "ollama" or "llamacpp"',
    });
  }
  const fallback = builtin ?? BUILTIN_PROVIDERS[kind]!;
  const baseUrl = settings?.base_url ?? (builtin ? builtin.baseUrl(env) : undefined);
  if (!baseUrl) {
    throw new ModelError('configuration', `[providers.${provider}] in the config has no base_url`, {
      hint: `add base_url = "http://host:port${kind === 'openai' ? '/v1' : ''}" to [providers.${provider}]`,
    });
  }
  const apiKeyEnv = settings?.api_key_env ?? fallback.apiKeyEnv;
  const apiKey = env[apiKeyEnv] || undefined;
  const location = settings?.location ?? locationOf(baseUrl);
  // Self-hosted servers usually take no key; the official hosts always do, and a configured variable must be set.
  const keyRequired =
    settings?.api_key_env !== undefined ||
    (kind === 'openai' && isOfficialOpenAiHost(baseUrl)) ||
    (kind === 'anthropic' && location === 'remote');
  if (keyRequired && !apiKey) {
    throw new ModelError('authentication', `${provider} needs an API key and ${apiKeyEnv} is not set`, {
      hint: `set ${apiKeyEnv} in the environment (keys are read from the environment only, never from config files)`,
      isRetryable: false,
    });
  }
  const adapterOptions = {
    modelId: name,
    baseUrl,
    apiKey,
    fetch: options.fetch,
    timeoutMs: settings?.timeout_ms,
    retry: {
      ...options.retry,
      ...(settings?.max_retries === undefined ? {} : { maxRetries: settings.max_retries }),
    },
    fimTemplate: settings?.fim_template ?? DEFAULT_FIM_MODE[kind],
    location,
    providerName: provider,
    onRetry: options.onRetry,
  };
  switch (kind) {
    case 'openai':
      return createOpenAiModel(adapterOptions);
    case 'anthropic':
      return createAnthropicModel(adapterOptions);
    case 'ollama':
      return createOllamaModel(adapterOptions);
    case 'llamacpp':
      return createLlamaCppModel(adapterOptions);
  }
}

/** The other ways to get a model, for hints when the embedded one cannot be had. */
function otherWays(options: ResolveModelOptions): string {
  return `choose another model: ${describeModelSources(options.configFiles)}; or start Ollama (\`ollama serve\`)`;
}

async function buildEmbeddedModel({
  chosen,
  name,
  options,
  config,
}: {
  chosen: ChosenSpec;
  name: string;
  options: ResolveModelOptions;
  config: ModelConfig;
}): Promise<LanguageModel> {
  const env = options.env ?? process.env;
  // Checked before anything is downloaded: a code model makes no embeddings.
  if (options.task === 'embed') {
    throw new ModelError('unsupported', `local:${name} is a code model; it makes no embeddings`, {
      hint: 'set [model] embed to an embedding model, e.g. "ollama:nomic-embed-text" or "openai:text-embedding-3-small"',
    });
  }
  try {
    return await resolveLocalModel({
      name,
      env,
      settings: config.local,
      fetch: options.fetch,
      allowDownload: options.allowDownload,
      onDownloadProgress: options.onDownloadProgress,
      signal: options.signal,
      alternatives: otherWays(options),
      catalogue: options.localCatalogue,
      runtimeInstalled: options.localRuntimeInstalled,
    });
  } catch (error) {
    // With nothing configured, say why this model was chosen before saying what went wrong with it.
    if (chosen.source !== 'embedded-default' || !isModelError(error) || error.kind === 'aborted') throw error;
    const baseUrl = config.providers.ollama?.base_url ?? ollamaBaseUrl(env.OLLAMA_HOST);
    throw new ModelError(
      error.kind,
      `no model is configured and no Ollama answered at ${baseUrl}, so vouch uses the embedded ${name}, but ${error.message}`,
      {
        hint: withServerFirst(env, error.hint),
        isRetryable: false,
        cause: error,
        ...(error.url ? { url: error.url } : {}),
      },
    );
  }
}

/**
 * The model for a task. Validates the config's `[model]`/`[providers.*]`, applies the precedence of
 * `chooseModelSpec`, builds the adapter, and wraps it in the redactor when its policy says so
 * (`redact = "remote"` by default: prompts to remote models only).
 */
export async function resolveModel(options: ResolveModelOptions): Promise<LanguageModel> {
  const config = readModelConfig(options.config);
  const chosen = await chooseModelSpec(options, config);
  const model = await buildModel(chosen, options, config);
  if (options.task === 'embed' && !model.capabilities.embed) {
    throw new ModelError(
      'unsupported',
      `${model.id} cannot make embeddings (from ${SOURCE_LABEL[chosen.source]})`,
      {
        hint: 'set [model] embed to an embedding model, e.g. "ollama:nomic-embed-text" or "openai:text-embedding-3-small"',
      },
    );
  }
  const provider = chosen.spec.slice(0, chosen.spec.indexOf(':'));
  const policy = config.providers[provider]?.redact ?? 'remote';
  return options.redactor && shouldRedact(policy, model) ? withRedaction(model, options.redactor) : model;
}
