import { brokenStream } from '../http/broken-stream.js';
import type { ProviderErrorDetails } from '../http/http-error.js';
import { readServerSentEvents } from '../http/sse.js';
import { openStream, parseWith, requestJson } from '../http/transport.js';
import { ModelError } from '../model-error.js';
import type { ChatRequest, GenerateResult, LanguageModel, StreamPart, Usage } from '../types.js';
import { type AdapterOptions, assertOneStream, setUpAdapter } from './adapter-options.js';
import {
  anthropicErrorBodySchema,
  anthropicEventSchema,
  anthropicMessageSchema,
} from './anthropic-schemas.js';
import { collectSamples } from './collect-samples.js';
import { fimAsChat, middleFromReply } from './fim-by-chat.js';
import { finishReasonFrom } from './finish-reason.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';
/** the Messages API requires max_tokens; this is used when the caller gives none */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/**
 * Anthropic's `{type: 'error', error: {type, message}}`. Its 400 for an over-long prompt has no code of its
 * own (type `invalid_request_error`), only the documented wording "prompt is too long"; that wording is
 * read here, at the boundary, so nothing above has to parse prose.
 */
export function readAnthropicError(body: unknown): ProviderErrorDetails {
  const parsed = anthropicErrorBodySchema.safeParse(body);
  if (!parsed.success) return typeof body === 'string' && body ? { message: body.slice(0, 300) } : {};
  const { type, message } = parsed.data.error;
  return {
    message,
    code: type,
    contextLength:
      type === 'request_too_large' ||
      (type === 'invalid_request_error' && /^prompt is too long/i.test(message ?? '')),
  };
}

/** An `error` event inside a stream (e.g. overloaded mid-answer), typed like its HTTP counterpart. */
function streamError({
  type,
  message,
  url,
  provider,
}: {
  type: string;
  message: string | undefined;
  url: string;
  provider: string;
}): ModelError {
  const kind =
    type === 'rate_limit_error'
      ? 'rate-limit'
      : type === 'overloaded_error' || type === 'api_error'
        ? 'server'
        : 'bad-request';
  return new ModelError(kind, `${provider} reported ${type} mid-stream${message ? `: ${message}` : ''}`, {
    hint:
      kind === 'bad-request'
        ? 'the provider rejected the request while answering'
        : 'the provider is overloaded or failed; retry shortly',
    url,
    provider,
  });
}

export function createAnthropicModel(options: AdapterOptions): LanguageModel {
  const { transport, identity } = setUpAdapter(options, {
    defaultProvider: 'anthropic',
    headers: {
      'anthropic-version': ANTHROPIC_VERSION,
      ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}),
    },
    hints: ({ baseUrl, providerName }) => ({
      authentication: `Anthropic rejected the key: set ANTHROPIC_API_KEY (or the api_key_env of [providers.${providerName}]) to a valid key`,
      network: `cannot reach ${baseUrl}: check the network, or ANTHROPIC_BASE_URL / base_url in [providers.${providerName}]`,
      notFound: `check the model name "${options.modelId}" (e.g. claude-sonnet-4-5)`,
    }),
    readErrorDetails: readAnthropicError,
  });
  const providerName = identity.provider;

  // The Messages API takes system text apart from the turns; system turns anywhere are joined, in order.
  const body = (request: ChatRequest, stream: boolean) => {
    const system = request.messages
      .filter((message) => message.role === 'system')
      .map((message) => message.content);
    return {
      model: options.modelId,
      system: system.length > 0 ? system.join('\n\n') : undefined,
      messages: request.messages
        .filter((message) => message.role !== 'system')
        .map((message) => ({ role: message.role, content: message.content })),
      max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      temperature: request.temperature,
      stop_sequences: request.stop && request.stop.length > 0 ? request.stop : undefined,
      stream: stream ? true : undefined,
    };
  };

  const chatOnce = async (request: ChatRequest): Promise<GenerateResult> => {
    const response = await requestJson({
      transport,
      request: { path: 'v1/messages', body: body(request, false) },
      schema: anthropicMessageSchema,
      control: request,
    });
    return {
      choices: [
        {
          text: response.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join(''),
          finishReason: finishReasonFrom(response.stop_reason),
        },
      ],
      usage: { inputTokens: response.usage?.input_tokens, outputTokens: response.usage?.output_tokens },
      model: response.model ?? options.modelId,
    };
  };

  async function* streamChat(request: ChatRequest): AsyncGenerator<StreamPart> {
    assertOneStream(request, providerName);
    const stream = await openStream(transport, { path: 'v1/messages', body: body(request, true) }, request);
    const usage: Usage = { inputTokens: undefined, outputTokens: undefined };
    let model = options.modelId;
    let stopReason: string | null | undefined;
    try {
      for await (const event of readServerSentEvents(stream.chunks)) {
        const parsed = parseWith({
          schema: anthropicEventSchema,
          text: event.data,
          transport,
          url: stream.url,
        });
        switch (parsed.type) {
          case 'message_start':
            model = parsed.message.model ?? model;
            usage.inputTokens = parsed.message.usage?.input_tokens;
            break;
          case 'content_block_delta':
            if (parsed.delta.type === 'text_delta' && parsed.delta.text)
              yield { type: 'text-delta', delta: parsed.delta.text };
            break;
          case 'message_delta':
            stopReason = parsed.delta.stop_reason ?? stopReason;
            if (parsed.usage?.output_tokens !== undefined) usage.outputTokens = parsed.usage.output_tokens;
            break;
          case 'message_stop':
            yield { type: 'finish', finishReason: finishReasonFrom(stopReason), usage, model };
            return;
          case 'error':
            throw streamError({
              type: parsed.error.type,
              message: parsed.error.message,
              url: stream.url,
              provider: providerName,
            });
          default:
            break;
        }
      }
      throw brokenStream(transport, stream.url, 'no message_stop event');
    } catch (error) {
      yield { type: 'error', error: error as Error };
    }
  }

  return {
    ...identity,
    // no JSON mode and no seed in the Messages API; `responseFormat`/`seed` are ignored
    capabilities: { chat: true, stream: true, fim: true, embed: false, json: false },
    chat: (request) => collectSamples(request.n ?? 1, () => chatOnce(request)),
    streamChat,
    // Emulated: Claude has no FIM endpoint, but fills a marked gap well when asked.
    async fim(request) {
      const result = await collectSamples(request.n ?? 1, () => chatOnce(fimAsChat(request)));
      return {
        ...result,
        choices: result.choices.map((choice) => ({ ...choice, text: middleFromReply(choice.text) })),
      };
    },
    async embed() {
      throw new ModelError('unsupported', `${providerName} has no embeddings API`, {
        hint: 'set [model] embed = "ollama:nomic-embed-text" or an OpenAI embedding model for embeddings',
        provider: providerName,
      });
    },
  };
}
