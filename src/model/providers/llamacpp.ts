import { z } from 'zod';
import { requestJson, type Transport } from '../http/transport.js';
import { endpointOf, locationOf } from '../location.js';
import { registerSecret } from '../model-error.js';
import type { FimRequest, GenerateResult, LanguageModel } from '../types.js';
import { type AdapterOptions, DEFAULT_TIMEOUT_MS, defaultFetch, retryOptions } from './adapter-options.js';
import { collectSamples } from './collect-samples.js';
import { createOpenAiModel, readOpenAiError } from './openai.js';

export const LLAMACPP_DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

const infillSchema = z.object({
  content: z.string(),
  model: z.string().optional(),
  stop_type: z.string().optional(),
  tokens_predicted: z.number().optional(),
  tokens_evaluated: z.number().optional(),
});

/**
 * llama.cpp's server: chat, streaming and embeddings through its OpenAI-compatible `/v1` endpoints, and
 * fill-in-the-middle through `/infill`, where the server applies the FIM tokens from the model's own
 * GGUF metadata (so no client-side template is needed or used).
 */
export function createLlamaCppModel(options: AdapterOptions): LanguageModel {
  const providerName = options.providerName ?? 'llamacpp';
  registerSecret(options.apiKey);
  const baseUrl = options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const openAi = createOpenAiModel({ ...options, providerName, baseUrl: `${baseUrl}/v1` });
  const transport: Transport = {
    provider: providerName,
    baseUrl,
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    fetch: options.fetch ?? defaultFetch(),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: retryOptions(options.retry),
    hints: {
      authentication: `the llama.cpp server at ${baseUrl} was started with --api-key: set api_key_env in [providers.${providerName}]`,
      network: `is llama-server running at ${baseUrl}? start it with \`llama-server -m MODEL.gguf --port 8080\`, or fix base_url in [providers.${providerName}]`,
      notFound: `${baseUrl} has no /infill: is it a llama.cpp server, and recent enough?`,
    },
    readErrorDetails: readOpenAiError,
    onRetry: options.onRetry,
  };

  const infillOnce = async (request: FimRequest): Promise<GenerateResult> => {
    const response = await requestJson({
      transport,
      request: {
        path: 'infill',
        body: {
          input_prefix: request.prefix,
          input_suffix: request.suffix,
          n_predict: request.maxTokens,
          temperature: request.temperature,
          stop: request.stop && request.stop.length > 0 ? request.stop : undefined,
          seed: request.seed,
          stream: false,
          // keeps the KV cache of the shared prefix between keystrokes: completion latency
          cache_prompt: true,
        },
      },
      schema: infillSchema,
      control: request,
    });
    return {
      choices: [{ text: response.content, finishReason: response.stop_type === 'limit' ? 'length' : 'stop' }],
      usage: { inputTokens: response.tokens_evaluated, outputTokens: response.tokens_predicted },
      model: response.model ?? options.modelId,
    };
  };

  return {
    ...openAi,
    provider: providerName,
    id: `${providerName}:${options.modelId}`,
    location: options.location ?? locationOf(baseUrl),
    endpoint: endpointOf(baseUrl),
    fim: (request) => collectSamples(request.n ?? 1, () => infillOnce(request)),
  };
}
