import type { ErrorSpec, ReplySpec } from '../script-types.js';
import {
  type Endpoint,
  type ErrorResponse,
  FIXED_CREATED,
  fakeEmbedding,
  type Protocol,
  replyChoices,
  replyDeltas,
  replyUsage,
  sse,
} from './protocol.js';

const modelOf = (request: Record<string, unknown>, reply: ReplySpec) =>
  reply.model ?? (typeof request.model === 'string' ? request.model : 'gpt-4o-mini');

function usage(reply: ReplySpec, request: Record<string, unknown>) {
  const counts = replyUsage(reply, request);
  return {
    prompt_tokens: counts.input,
    completion_tokens: counts.output,
    total_tokens: counts.input + counts.output,
  };
}

const chat: Endpoint = {
  wantsStream: (request) => request.stream === true,
  streamContentType: 'text/event-stream; charset=utf-8',
  json(request, reply) {
    const n = typeof request.n === 'number' ? request.n : 1;
    return {
      id: 'chatcmpl-fake0001',
      object: 'chat.completion',
      created: FIXED_CREATED,
      model: modelOf(request, reply),
      choices: replyChoices(reply, n).map((content, index) => ({
        index,
        message: { role: 'assistant', content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: reply.finishReason ?? 'stop',
      })),
      usage: usage(reply, request),
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    };
  },
  events(request, reply) {
    const base = {
      id: 'chatcmpl-fake0001',
      object: 'chat.completion.chunk',
      created: FIXED_CREATED,
      model: modelOf(request, reply),
      system_fingerprint: 'fp_fake',
    };
    const includeUsage =
      (request.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const chunk = (delta: unknown, finish: string | null) => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
    const events = [sse(chunk({ role: 'assistant', content: '', refusal: null }, null))];
    for (const delta of replyDeltas(reply)) events.push(sse(chunk({ content: delta }, null)));
    events.push(sse(chunk({}, reply.finishReason ?? 'stop')));
    if (includeUsage) events.push(sse({ ...base, choices: [], usage: usage(reply, request) }));
    events.push(sse('[DONE]'));
    return events;
  },
};

const completions: Endpoint = {
  wantsStream: (request) => request.stream === true,
  streamContentType: 'text/event-stream; charset=utf-8',
  json(request, reply) {
    const n = typeof request.n === 'number' ? request.n : 1;
    return {
      id: 'cmpl-fake0001',
      object: 'text_completion',
      created: FIXED_CREATED,
      model: modelOf(request, reply),
      choices: replyChoices(reply, n).map((text, index) => ({
        text,
        index,
        logprobs: null,
        finish_reason: reply.finishReason ?? 'stop',
      })),
      usage: usage(reply, request),
    };
  },
  events(request, reply) {
    const base = {
      id: 'cmpl-fake0001',
      object: 'text_completion',
      created: FIXED_CREATED,
      model: modelOf(request, reply),
    };
    const events = replyDeltas(reply).map((text) =>
      sse({ ...base, choices: [{ text, index: 0, logprobs: null, finish_reason: null }] }),
    );
    events.push(
      sse({
        ...base,
        choices: [{ text: '', index: 0, logprobs: null, finish_reason: reply.finishReason ?? 'stop' }],
      }),
    );
    events.push(sse('[DONE]'));
    return events;
  },
};

const embeddings: Endpoint = {
  wantsStream: () => false,
  streamContentType: 'application/json',
  json(request, reply) {
    const input = Array.isArray(request.input) ? (request.input as string[]) : [String(request.input)];
    const vectors = reply.embeddings ?? input.map(fakeEmbedding);
    const tokens = replyUsage(reply, request).input;
    return {
      object: 'list',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      model: reply.model ?? (typeof request.model === 'string' ? request.model : 'text-embedding-3-small'),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  },
  events: () => [],
};

const models: Endpoint = {
  wantsStream: () => false,
  streamContentType: 'application/json',
  json: (_request, reply) => ({
    object: 'list',
    data: [{ id: reply.model ?? 'gpt-4o-mini', object: 'model', created: FIXED_CREATED, owned_by: 'system' }],
  }),
  events: () => [],
};

// Bodies as api.openai.com sends them (platform.openai.com/docs/guides/error-codes).
function error(spec: ErrorSpec): ErrorResponse {
  const headers: Record<string, string> = {};
  if (spec.retryAfter !== undefined) headers['retry-after'] = spec.retryAfter;
  if (spec.retryAfterMs !== undefined) headers['retry-after-ms'] = spec.retryAfterMs;
  const body = (
    status: number,
    message: string,
    type: string,
    code: string | null,
    param: string | null = null,
  ) => ({
    status,
    headers,
    body: { error: { message, type, param, code } },
  });
  switch (spec.error) {
    case 'authentication':
      return body(
        401,
        'Incorrect API key provided: sk-fake***1234. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
      );
    case 'permission':
      return body(403, 'You are not allowed to sample from this model', 'invalid_request_error', null);
    case 'rate-limit':
      return body(
        429,
        'Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
        'requests',
        'rate_limit_exceeded',
      );
    case 'context-length':
      return body(
        400,
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
        'invalid_request_error',
        'context_length_exceeded',
        'messages',
      );
    case 'not-found':
      return body(
        404,
        'The model `gpt-nonexistent` does not exist or you do not have access to it.',
        'invalid_request_error',
        'model_not_found',
      );
    case 'bad-request':
      return body(
        400,
        "Invalid value for 'temperature': must be between 0 and 2.",
        'invalid_request_error',
        'invalid_value',
        'temperature',
      );
    case 'overloaded':
      return body(503, 'The engine is currently overloaded, please try again later.', 'server_error', null);
    default:
      return body(
        500,
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        null,
      );
  }
}

export const openAiProtocol: Protocol = {
  endpoints: {
    '/v1/chat/completions': chat,
    '/v1/completions': completions,
    '/v1/embeddings': embeddings,
    '/v1/models': models,
  },
  error,
  unauthorized: () => error({ kind: 'error', error: 'authentication' }),
};
