import type { ErrorSpec, ReplySpec } from '../script-types.js';
import {
  type Endpoint,
  type ErrorResponse,
  type Protocol,
  replyDeltas,
  replyText,
  replyUsage,
  sse,
} from './protocol.js';

const modelOf = (reply: ReplySpec) => reply.model ?? 'qwen2.5-coder-1.5b-q8_0.gguf';

function final(request: Record<string, unknown>, reply: ReplySpec, content: string) {
  const usage = replyUsage(reply, request);
  const stopType = reply.finishReason ?? 'eos';
  return {
    index: 0,
    content,
    tokens: [],
    id_slot: 0,
    stop: true,
    model: modelOf(reply),
    tokens_predicted: usage.output,
    tokens_evaluated: usage.input,
    generation_settings: { n_predict: request.n_predict ?? -1, temperature: request.temperature ?? 0.8 },
    prompt: '',
    has_new_line: content.includes('\n'),
    truncated: false,
    stop_type: stopType,
    stopping_word: '',
    tokens_cached: 0,
    timings: { prompt_n: usage.input, prompt_ms: 12.5, predicted_n: usage.output, predicted_ms: 80.25 },
  };
}

// tools/server/README.md: /infill streams `data: {...}` lines and ends with `stop: true` (no [DONE]).
const infill: Endpoint = {
  wantsStream: (request) => request.stream === true,
  streamContentType: 'text/event-stream',
  json: (request, reply) => final(request, reply, replyText(reply)),
  events(request, reply) {
    const events = replyDeltas(reply).map((content) =>
      sse({
        index: 0,
        content,
        tokens: [],
        stop: false,
        id_slot: 0,
        tokens_predicted: 1,
        tokens_evaluated: 1,
      }),
    );
    events.push(sse(final(request, reply, '')));
    return events;
  },
};

// server's format_error_response: {error: {code, message, type}}
function error(spec: ErrorSpec): ErrorResponse {
  const headers: Record<string, string> = {};
  if (spec.retryAfter !== undefined) headers['retry-after'] = spec.retryAfter;
  const body = (status: number, type: string, message: string, extra: Record<string, unknown> = {}) => ({
    status,
    headers,
    body: { error: { code: status, message, type, ...extra } },
  });
  switch (spec.error) {
    case 'authentication':
      return body(401, 'authentication_error', 'Invalid API Key');
    case 'permission':
      return body(403, 'permission_error', 'Forbidden');
    case 'rate-limit':
      return body(429, 'unavailable_error', 'no slot available');
    case 'context-length':
      return body(
        400,
        'exceed_context_size_error',
        'the request exceeds the available context size, try increasing it',
        { n_prompt_tokens: 5120, n_ctx: 4096 },
      );
    case 'not-found':
      return body(404, 'not_found_error', 'File Not Found');
    case 'bad-request':
      return body(
        400,
        'invalid_request_error',
        '"input_extra" must be an array of {"filename": string, "text": string}',
      );
    case 'overloaded':
      return body(503, 'unavailable_error', 'Loading model');
    default:
      return body(500, 'server_error', 'Internal Server Error');
  }
}

export const llamaCppProtocol: Protocol = {
  endpoints: { '/infill': infill },
  error,
  unauthorized: () => error({ kind: 'error', error: 'authentication' }),
};
