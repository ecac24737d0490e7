import { chooseFimTemplate, trimAtStop } from '../fim/fim-templates.js';
import { brokenStream } from '../http/broken-stream.js';
import { type ProviderErrorDetails, saysContextLength } from '../http/http-error.js';
import { readLines } from '../http/ndjson.js';
import { openStream, parseWith, requestJson } from '../http/transport.js';
import { ModelError } from '../model-error.js';
import type {
  CallOptions,
  ChatRequest,
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
  ollamaChatChunkSchema,
  ollamaChatSchema,
  ollamaEmbedSchema,
  ollamaErrorSchema,
  ollamaGenerateSchema,
} from './ollama-schemas.js';

function usageFrom(response: {
  prompt_eval_count?: number | undefined;
  eval_count?: number | undefined;
}): Usage {
  return { inputTokens: response.prompt_eval_count, outputTokens: response.eval_count };
}

/** Ollama's `{"error": "..."}`; it has no error codes, so only the HTTP status classifies it. */
function readOllamaError(body: unknown): ProviderErrorDetails {
  const parsed = ollamaErrorSchema.safeParse(body);
  if (parsed.success)
    return { message: parsed.data.error, contextLength: saysContextLength(parsed.data.error) };
  return typeof body === 'string' && body ? { message: body.slice(0, 300) } : {};
}

function optionsBody(options: CallOptions, extraStop: readonly string[] = []) {
  const stop = [...(options.stop ?? []), ...extraStop];
  return {
    temperature: options.temperature,
    num_predict: options.maxTokens,
    stop: stop.length > 0 ? stop : undefined,
    seed: options.seed,
  };
}

export function createOllamaModel(options: AdapterOptions): LanguageModel {
  const { transport, identity } = setUpAdapter(options, {
    defaultProvider: 'ollama',
    // Ollama has no keys of its own; one configured is for a reverse proxy in front of it.
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    hints: ({ baseUrl, providerName }) => ({
      authentication: `a proxy in front of Ollama at ${baseUrl} wants a key: set api_key_env in [providers.${providerName}]`,
      network: `is Ollama running at ${baseUrl}? start it with \`ollama serve\`, or set OLLAMA_HOST to where it listens`,
      notFound: `pull the model first: \`ollama pull ${options.modelId}\` (\`ollama list\` shows what is there)`,
    }),
    readErrorDetails: readOllamaError,
  });
  const baseUrl = transport.baseUrl;
  const providerName = identity.provider;
  const fimTemplate = chooseFimTemplate(options.fimTemplate, options.modelId);

  const chatBody = (request: ChatRequest, stream: boolean) => ({
    model: options.modelId,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    stream,
    format: request.responseFormat === 'json' ? 'json' : undefined,
    options: optionsBody(request),
  });

  const chatOnce = async (request: ChatRequest): Promise<GenerateResult> => {
    const response = await requestJson({
      transport,
      request: { path: 'api/chat', body: chatBody(request, false) },
      schema: ollamaChatSchema,
      control: request,
    });
    return {
      choices: [{ text: response.message.content, finishReason: finishReasonFrom(response.done_reason) }],
      usage: usageFrom(response),
      model: response.model ?? options.modelId,
    };
  };

  const fimOnce = async (request: FimRequest): Promise<GenerateResult> => {
    // `raw` skips Ollama's prompt template: the FIM tokens are ours. Without a template, Ollama applies the
    // model's own (which must support `.Suffix`, or Ollama answers 400 "does not support insert").
    const body = fimTemplate
      ? {
          prompt: fimTemplate.build(request.prefix, request.suffix),
          raw: true,
          options: optionsBody(request, fimTemplate.stop),
        }
      : { prompt: request.prefix, suffix: request.suffix, options: optionsBody(request) };
    const response = await requestJson({
      transport,
      request: {
        path: 'api/generate',
        body: {
          model: options.modelId,
          ...body,
          stream: false,
          format: request.responseFormat === 'json' ? 'json' : undefined,
        },
      },
      schema: ollamaGenerateSchema,
      control: request,
    });
    return {
      choices: [
        {
          text: fimTemplate ? trimAtStop(response.response, fimTemplate.stop) : response.response,
          finishReason: finishReasonFrom(response.done_reason),
        },
      ],
      usage: usageFrom(response),
      model: response.model ?? options.modelId,
    };
  };

  async function* streamChat(request: ChatRequest): AsyncGenerator<StreamPart> {
    assertOneStream(request, providerName);
    const stream = await openStream(transport, { path: 'api/chat', body: chatBody(request, true) }, request);
    try {
      for await (const line of readLines(stream.chunks)) {
        const chunk = parseWith({ schema: ollamaChatChunkSchema, text: line, transport, url: stream.url });
        if (chunk.error !== undefined) {
          throw new ModelError('server', `${providerName} reported an error mid-stream: ${chunk.error}`, {
            hint: 'Ollama failed while generating (often out of memory): check `ollama ps` and the server log',
            url: stream.url,
            provider: providerName,
          });
        }
        if (chunk.message?.content) yield { type: 'text-delta', delta: chunk.message.content };
        if (chunk.done) {
          yield {
            type: 'finish',
            finishReason: finishReasonFrom(chunk.done_reason),
            usage: usageFrom(chunk),
            model: chunk.model ?? options.modelId,
          };
          return;
        }
      }
      throw brokenStream(transport, stream.url, 'no line with "done": true');
    } catch (error) {
      yield { type: 'error', error: error as Error };
    }
  }

  return {
    ...identity,
    capabilities: { chat: true, stream: true, fim: true, embed: true, json: true },
    chat: (request) => collectSamples(request.n ?? 1, () => chatOnce(request)),
    streamChat,
    fim: (request) => collectSamples(request.n ?? 1, () => fimOnce(request)),
    async embed(request) {
      const response = await requestJson({
        transport,
        request: { path: 'api/embed', body: { model: options.modelId, input: request.input } },
        schema: ollamaEmbedSchema,
        control: request,
      });
      if (response.embeddings.length !== request.input.length) {
        throw new ModelError(
          'malformed-response',
          `${providerName} returned ${response.embeddings.length} embeddings for ${request.input.length} inputs`,
          {
            hint: 'the model may not be an embedding model: check the model name',
            url: `${baseUrl}/api/embed`,
            provider: providerName,
          },
        );
      }
      return {
        embeddings: response.embeddings,
        usage: { inputTokens: response.prompt_eval_count, outputTokens: undefined },
        model: response.model ?? options.modelId,
      };
    },
  };
}
