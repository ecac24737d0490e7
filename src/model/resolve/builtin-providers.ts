import { ANTHROPIC_DEFAULT_BASE_URL } from '../providers/anthropic.js';
import { LLAMACPP_DEFAULT_BASE_URL } from '../providers/llamacpp.js';
import { ollamaBaseUrl } from '../providers/ollama-host.js';
import { OPENAI_DEFAULT_BASE_URL } from '../providers/openai.js';
import type { ProviderKind } from './model-config.js';

/** A provider vouch knows without any config: its kind, where it lives and which variable holds its key. */
export interface BuiltinProvider {
  kind: ProviderKind;
  baseUrl(env: NodeJS.ProcessEnv): string;
  apiKeyEnv: string;
  /** which variable moves the base URL (for messages) */
  baseUrlEnv: string | undefined;
}

export const BUILTIN_PROVIDERS: Record<string, BuiltinProvider> = {
  openai: {
    kind: 'openai',
    baseUrl: (env) => env.OPENAI_BASE_URL || OPENAI_DEFAULT_BASE_URL,
    apiKeyEnv: 'OPENAI_API_KEY',
    baseUrlEnv: 'OPENAI_BASE_URL',
  },
  anthropic: {
    kind: 'anthropic',
    baseUrl: (env) => env.ANTHROPIC_BASE_URL || ANTHROPIC_DEFAULT_BASE_URL,
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
  },
  ollama: {
    kind: 'ollama',
    baseUrl: (env) => ollamaBaseUrl(env.OLLAMA_HOST),
    apiKeyEnv: 'OLLAMA_API_KEY',
    baseUrlEnv: 'OLLAMA_HOST',
  },
  llamacpp: {
    kind: 'llamacpp',
    baseUrl: (env) => env.LLAMACPP_BASE_URL || LLAMACPP_DEFAULT_BASE_URL,
    apiKeyEnv: 'LLAMACPP_API_KEY',
    baseUrlEnv: 'LLAMACPP_BASE_URL',
  },
};

/**
 * `replay` and `local` are built in too but have no endpoint: `replay:FILE.jsonl` answers from
 * recordings, `local:NAME` or `local:PATH.gguf` runs a model in this process.
 */
export const KNOWN_PROVIDER_NAMES = [...Object.keys(BUILTIN_PROVIDERS), 'replay', 'local'];
