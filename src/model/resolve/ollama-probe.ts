import { type FetchFunction, requestJson } from '../http/transport.js';
import { ollamaTagsSchema } from '../providers/ollama-schemas.js';
import type { ModelTask } from './model-config.js';

export const PROBE_TIMEOUT_MS = 1_500;

/** The models a local Ollama has pulled, or `undefined` when nothing answers at `baseUrl`. */
export async function probeOllama(
  baseUrl: string,
  fetch: FetchFunction,
  timeoutMs: number = PROBE_TIMEOUT_MS,
): Promise<string[] | undefined> {
  try {
    const tags = await requestJson({
      transport: {
        provider: 'ollama',
        baseUrl,
        headers: {},
        fetch,
        timeoutMs,
        retry: { maxRetries: 0, initialDelayMs: 0, maxDelayMs: 0, maxTotalWaitMs: 0 },
        hints: { authentication: '', network: '' },
        readErrorDetails: () => ({}),
      },
      request: { path: 'api/tags', method: 'GET' },
      schema: ollamaTagsSchema,
      control: {},
    });
    return tags.models.map((model) => model.name);
  } catch {
    return undefined;
  }
}

const isEmbedding = (name: string) => /embed|bge|minilm|e5-/i.test(name);

/**
 * The pulled model that best suits a task: for `embed` an embedding model; otherwise a coder model
 * (`coder`, `code`, `starcoder`, `codestral` in the name), else any non-embedding model. Order within
 * a preference is Ollama's (most recently modified first).
 */
export function pickOllamaModel(models: string[], task: ModelTask): string | undefined {
  if (task === 'embed') return models.find(isEmbedding);
  const generative = models.filter((name) => !isEmbedding(name));
  return generative.find((name) => /coder|code|codestral/i.test(name)) ?? generative[0];
}
