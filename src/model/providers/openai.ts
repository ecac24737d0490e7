import { chooseFimTemplate, trimAtStop } from '../fim/fim-templates.js';
import { brokenStream } from '../http/broken-stream.js';
import { type ProviderErrorDetails, saysContextLength } from '../http/http-error.js';
import { readServerSentEvents } from '../http/sse.js';
import { malformed, openStream, parseWith, requestJson } from '../http/transport.js';
import { ModelError } from '../model-error.js';
import type {
  CallOptions,
  ChatRequest,
  Choice,
  EmbedRequest,
  EmbedResult,
  FimRequest,
  GenerateResult,
  LanguageModel,
  StreamPart,
  Usage,
} from '../types.js';
import { type AdapterOptions, assertOneStream, setUpAdapter } from './adapter-options.js';
import { collectSamples } from './collect-samples.js';
import { finishReasonFrom } from './finish-reason.js';
import {
  chatChunkSchema,
  chatCompletionSchema,
  completionSchema,
  embeddingsSchema,
  type OpenAiUsage,
  openAiErrorSchema,
} from './openai-schemas.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export function isOfficialOpenAiHost(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

function usageFrom(usage: OpenAiUsage | null | undefined): Usage {
  return { inputTokens: usage?.prompt_tokens, outputTokens: usage?.completion_tokens };
}

/** Reads `{error:{message,type,code}}`; context length by code (OpenAI) or type (llama.cpp server). */
export function readOpenAiError(body: unknown): ProviderErrorDetails {
  const parsed = openAiErrorSchema.safeParse(body);
  if (!parsed.success) return typeof body === 'string' && body ? { message: body.slice(0, 300) } : {};
  const error = 'error' in parsed.data ? parsed.data.error : parsed.data;
  const code = typeof error.code === 'string' ? error.code : undefined;
  const type = typeof error.type === 'string' ? error.type : undefined;
  return {
    message: error.message,
    code: code ?? type,
    contextLength:
      code === 'context_length_exceeded' ||
      type === 'exceed_context_size_error' ||
      saysContextLength(error.message),
    quotaExhausted: code === 'insufficient_quota' || type === 'insufficient_quota',
  };
}

function samplingBody(options: CallOptions, extraStop: readonly string[] = []) {
  const stop = [...(options.stop ?? []), ...extraStop];
  return {
    temperature: options.temperature,
    max_tokens: options.maxTokens,
    stop: stop.length > 0 ? stop : undefined,
    seed: options.seed,
  };
}

export function createOpenAiModel(options: AdapterOptions): LanguageModel {
  const { transport, identity } = setUpAdapter(options, {
    defaultProvider: 'openai',
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    hints: ({ baseUrl, providerName }) => ({
      authentication: options.apiKey
        ? `the server at ${baseUrl} rejected the API key: check OPENAI_API_KEY (or the api_key_env of [providers.${providerName}])`
        : `the server at ${baseUrl} wants an API key: set OPENAI_API_KEY (or the api_key_env of [providers.${providerName}])`,
      network: `is the server at ${baseUrl} running and reachable? check OPENAI_BASE_URL or base_url in [providers.${providerName}]`,
      notFound: `check the model name "${options.modelId}" and that ${baseUrl} is the API root (usually ending in /v1)`,
    }),
    readErrorDetails: readOpenAiError,
  });
  const baseUrl = transport.baseUrl;
  const providerName = identity.provider;
  const fimTemplate = chooseFimTemplate(options.fimTemplate, options.modelId);
  // api.openai.com rejects `max_tokens` for reasoning models (o-series, gpt-5) and accepts
  // `max_completion_tokens` for all chat models; compatible servers mostly know only `max_tokens`.
  const official = isOfficialOpenAiHost(baseUrl);
  const chatTokenLimit = <T extends { max_tokens: number | undefined }>(body: T) =>
    official ? { ...body, max_tokens: undefined, max_completion_tokens: body.max_tokens } : body;

  const chatOnce = async (request: ChatRequest, n: number): Promise<GenerateResult> => {
    const response = await requestJson({
      transport,
      request: {
        path: 'chat/completions',
        body: {
          model: options.modelId,
          messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
          ...chatTokenLimit(samplingBody(request)),
          n: n > 1 ? n : undefined,
          response_format: request.responseFormat === 'json' ? { type: 'json_object' } : undefined,
        },
      },
      schema: chatCompletionSchema,
      control: request,
    });
    return {
      choices: response.choices.map((choice) => ({
        text: choice.message.content ?? '',
        finishReason: finishReasonFrom(choice.finish_reason),
      })),
      usage: usageFrom(response.usage),
      model: response.model ?? options.modelId,
    };
  };

  const fimOnce = async (request: FimRequest, n: number): Promise<GenerateResult> => {
    // With a template the server sees one raw prompt; without, it gets `suffix` and applies its own.
    const body = fimTemplate
      ? {
          prompt: fimTemplate.build(request.prefix, request.suffix),
          ...samplingBody(request, fimTemplate.stop),
        }
      : { prompt: request.prefix, suffix: request.suffix, ...samplingBody(request) };
    const response = await requestJson({
      transport,
      request: { path: 'completions', body: { model: options.modelId, ...body, n: n > 1 ? n : undefined } },
      schema: completionSchema,
      control: request,
    });
    const choices: Choice[] = response.choices.map((choice) => ({
      text: fimTemplate ? trimAtStop(choice.text, fimTemplate.stop) : choice.text,
      finishReason: finishReasonFrom(choice.finish_reason),
    }));
    return { choices, usage: usageFrom(response.usage), model: response.model ?? options.modelId };
  };

  async function* streamChat(request: ChatRequest): AsyncGenerator<StreamPart> {
    assertOneStream(request, providerName);
    const stream = await openStream(
      transport,
      {
        path: 'chat/completions',
        body: {
          model: options.modelId,
          messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
          ...chatTokenLimit(samplingBody(request)),
          response_format: request.responseFormat === 'json' ? { type: 'json_object' } : undefined,
          stream: true,
          stream_options: { include_usage: true },
        },
      },
      request,
    );
    let finishReason: string | undefined;
    let usage: Usage = { inputTokens: undefined, outputTokens: undefined };
    let model = options.modelId;
    try {
      for await (const event of readServerSentEvents(stream.chunks)) {
        if (event.data === '[DONE]') break;
        const chunk = parseWith({ schema: chatChunkSchema, text: event.data, transport, url: stream.url });
        if (chunk.error) {
          const details = readOpenAiError({ error: chunk.error });
          throw new ModelError(
            'server',
            `${providerName} reported an error mid-stream: ${details.message ?? 'unknown'}`,
            {
              hint: 'the provider failed while generating; retry the request',
              url: stream.url,
              provider: providerName,
            },
          );
        }
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = usageFrom(chunk.usage);
        const choice = chunk.choices?.[0];
        if (choice?.delta?.content) yield { type: 'text-delta', delta: choice.delta.content };
        if (choice?.finish_reason) finishReason = choice.finish_reason;
      }
      // [DONE] may be lost after a finish_reason; the text is then whole. Without a finish_reason it is not.
      if (finishReason === undefined) throw brokenStream(transport, stream.url, 'no finish_reason or [DONE]');
      yield { type: 'finish', finishReason: finishReasonFrom(finishReason), usage, model };
    } catch (error) {
      yield { type: 'error', error: error as Error };
    }
  }

  return {
    ...identity,
    capabilities: { chat: true, stream: true, fim: true, embed: true, json: true },
    chat: (request) => collectSamples(request.n ?? 1, (n) => chatOnce(request, n)),
    streamChat,
    fim: (request) => collectSamples(request.n ?? 1, (n) => fimOnce(request, n)),
    async embed(request: EmbedRequest): Promise<EmbedResult> {
      const response = await requestJson({
        transport,
        request: { path: 'embeddings', body: { model: options.modelId, input: request.input } },
        schema: embeddingsSchema,
        control: request,
      });
      if (response.data.length !== request.input.length) {
        throw malformed({
          transport,
          url: `${baseUrl}/embeddings`,
          detail: `${response.data.length} embeddings for ${request.input.length} inputs`,
        });
      }
      const ordered = [...response.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      return {
        embeddings: ordered.map((item) => item.embedding),
        usage: usageFrom(response.usage),
        model: response.model ?? options.modelId,
      };
    },
  };
}
