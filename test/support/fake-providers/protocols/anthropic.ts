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

const modelOf = (request: Record<string, unknown>, reply: ReplySpec) =>
  reply.model ?? (typeof request.model === 'string' ? request.model : 'claude-sonnet-4-5');

// Event sequence as docs.anthropic.com/en/api/messages-streaming documents it, ping included.
const messages: Endpoint = {
  wantsStream: (request) => request.stream === true,
  streamContentType: 'text/event-stream; charset=utf-8',
  json(request, reply) {
    const usage = replyUsage(reply, request);
    return {
      id: 'msg_01FakeFakeFakeFake',
      type: 'message',
      role: 'assistant',
      model: modelOf(request, reply),
      content: [{ type: 'text', text: replyText(reply) }],
      stop_reason: reply.finishReason ?? 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: usage.input,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: usage.output,
      },
    };
  },
  events(request, reply) {
    const usage = replyUsage(reply, request);
    const events = [
      sse(
        {
          type: 'message_start',
          message: {
            id: 'msg_01FakeFakeFakeFake',
            type: 'message',
            role: 'assistant',
            model: modelOf(request, reply),
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: {
              input_tokens: usage.input,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 0,
              output_tokens: 1,
            },
          },
        },
        'message_start',
      ),
      sse(
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        'content_block_start',
      ),
      sse({ type: 'ping' }, 'ping'),
    ];
    for (const text of replyDeltas(reply)) {
      events.push(
        sse(
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
          'content_block_delta',
        ),
      );
    }
    events.push(sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'));
    events.push(
      sse(
        {
          type: 'message_delta',
          delta: { stop_reason: reply.finishReason ?? 'end_turn', stop_sequence: null },
          usage: { output_tokens: usage.output },
        },
        'message_delta',
      ),
    );
    events.push(sse({ type: 'message_stop' }, 'message_stop'));
    return events;
  },
};

// docs.anthropic.com/en/api/errors: {type: 'error', error: {type, message}} plus a request-id header.
function error(spec: ErrorSpec): ErrorResponse {
  const headers: Record<string, string> = { 'request-id': 'req_011FakeFakeFake' };
  if (spec.retryAfter !== undefined) headers['retry-after'] = spec.retryAfter;
  const body = (status: number, type: string, message: string) => ({
    status,
    headers,
    body: { type: 'error', error: { type, message }, request_id: 'req_011FakeFakeFake' },
  });
  switch (spec.error) {
    case 'authentication':
      return body(401, 'authentication_error', 'invalid x-api-key');
    case 'permission':
      return body(
        403,
        'permission_error',
        'Your API key does not have permission to use the specified resource.',
      );
    case 'rate-limit':
      return body(
        429,
        'rate_limit_error',
        'This request would exceed the rate limit for your organization of 50 requests per minute.',
      );
    case 'context-length':
      return body(400, 'invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum');
    case 'not-found':
      return body(404, 'not_found_error', 'model: claude-nonexistent');
    case 'bad-request':
      return body(400, 'invalid_request_error', 'max_tokens: Field required');
    case 'overloaded':
      return body(529, 'overloaded_error', 'Overloaded');
    default:
      return body(500, 'api_error', 'Internal server error');
  }
}

export const anthropicProtocol: Protocol = {
  endpoints: { '/v1/messages': messages },
  error,
  unauthorized: () => error({ kind: 'error', error: 'authentication' }),
};
