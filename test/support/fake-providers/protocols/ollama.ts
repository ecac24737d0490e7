import type { ErrorSpec, ReplySpec } from '../script-types.js';
import {
  type Endpoint,
  type ErrorResponse,
  fakeEmbedding,
  type Protocol,
  replyDeltas,
  replyText,
  replyUsage,
} from './protocol.js';

const CREATED_AT = '2026-11-21T12:00:00.000000Z';
const modelOf = (request: Record<string, unknown>, reply: ReplySpec) =>
  reply.model ?? (typeof request.model === 'string' ? request.model : 'qwen2.5-coder:7b');
const line = (value: unknown) => `${JSON.stringify(value)}\n`;

function timings(reply: ReplySpec, request: Record<string, unknown>) {
  const usage = replyUsage(reply, request);
  return {
    total_duration: 512_345_678,
    load_duration: 12_345_678,
    prompt_eval_count: usage.input,
    prompt_eval_duration: 123_456_789,
    eval_count: usage.output,
    eval_duration: 376_543_211,
  };
}

// Ollama streams unless the request says `"stream": false` (docs/api.md).
const streamsByDefault = (request: Record<string, unknown>) => request.stream !== false;

const chat: Endpoint = {
  wantsStream: streamsByDefault,
  streamContentType: 'application/x-ndjson',
  json: (request, reply) => ({
    model: modelOf(request, reply),
    created_at: CREATED_AT,
    message: { role: 'assistant', content: replyText(reply) },
    done_reason: reply.finishReason ?? 'stop',
    done: true,
    ...timings(reply, request),
  }),
  events(request, reply) {
    const model = modelOf(request, reply);
    const events = replyDeltas(reply).map((content) =>
      line({ model, created_at: CREATED_AT, message: { role: 'assistant', content }, done: false }),
    );
    events.push(
      line({
        model,
        created_at: CREATED_AT,
        message: { role: 'assistant', content: '' },
        done_reason: reply.finishReason ?? 'stop',
        done: true,
        ...timings(reply, request),
      }),
    );
    return events;
  },
};

const generate: Endpoint = {
  wantsStream: streamsByDefault,
  streamContentType: 'application/x-ndjson',
  json: (request, reply) => ({
    model: modelOf(request, reply),
    created_at: CREATED_AT,
    response: replyText(reply),
    done: true,
    done_reason: reply.finishReason ?? 'stop',
    context: [1, 2, 3],
    ...timings(reply, request),
  }),
  events(request, reply) {
    const model = modelOf(request, reply);
    const events = replyDeltas(reply).map((response) =>
      line({ model, created_at: CREATED_AT, response, done: false }),
    );
    events.push(
      line({
        model,
        created_at: CREATED_AT,
        response: '',
        done: true,
        done_reason: reply.finishReason ?? 'stop',
        context: [1, 2, 3],
        ...timings(reply, request),
      }),
    );
    return events;
  },
};

const embed: Endpoint = {
  wantsStream: () => false,
  streamContentType: 'application/json',
  json(request, reply) {
    const input = Array.isArray(request.input) ? (request.input as string[]) : [String(request.input)];
    return {
      model: modelOf(request, reply),
      embeddings: reply.embeddings ?? input.map(fakeEmbedding),
      total_duration: 14_143_917,
      load_duration: 1_019_500,
      prompt_eval_count: replyUsage(reply, request).input,
    };
  },
  events: () => [],
};

export function ollamaTags(models: string[]) {
  return {
    models: models.map((name) => ({
      name,
      model: name,
      modified_at: '2026-11-01T10:00:00.000000000Z',
      size: 4_683_087_332,
      digest: 'dae161e27b0e90dd1856c8bb3209201fd6736d8eb66298e75ed87571486f4364',
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'qwen2',
        families: ['qwen2'],
        parameter_size: '7.6B',
        quantization_level: 'Q4_K_M',
      },
    })),
  };
}

// Ollama's errors are `{"error": "..."}` with the HTTP status (api/types.go StatusError).
function error(spec: ErrorSpec): ErrorResponse {
  const headers: Record<string, string> = {};
  if (spec.retryAfter !== undefined) headers['retry-after'] = spec.retryAfter;
  const body = (status: number, message: string) => ({ status, headers, body: { error: message } });
  switch (spec.error) {
    case 'authentication':
      return body(401, 'unauthorized');
    case 'permission':
      return body(403, 'forbidden');
    case 'rate-limit':
      return body(429, 'too many requests');
    case 'context-length':
      return body(400, 'the input length exceeds the context length');
    case 'not-found':
      return body(404, 'model "qwen2.5-coder:nonexistent" not found, try pulling it first');
    case 'bad-request':
      return body(400, 'invalid options: temperature');
    case 'overloaded':
      return body(503, 'server busy, please try again.  maximum pending requests exceeded');
    default:
      return body(500, 'llama runner process has terminated: signal: killed');
  }
}

export function ollamaProtocol(models: string[]): Protocol {
  const tags: Endpoint = {
    wantsStream: () => false,
    streamContentType: 'application/json',
    json: () => ollamaTags(models),
    events: () => [],
  };
  const version: Endpoint = {
    wantsStream: () => false,
    streamContentType: 'application/json',
    json: () => ({ version: '0.12.6' }),
    events: () => [],
  };
  return {
    endpoints: {
      '/api/chat': chat,
      '/api/generate': generate,
      '/api/embed': embed,
      '/api/tags': tags,
      '/api/version': version,
    },
    error,
    unauthorized: () => error({ kind: 'error', error: 'authentication' }),
  };
}
