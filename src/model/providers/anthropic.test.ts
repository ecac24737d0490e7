import { describe, expect, it } from 'vitest';
import { startFakeProviders } from '../../../test/support/fake-providers/fake-providers.js';
import { defineModelContract } from '../../../test/support/fake-providers/model-contract.js';
import { isModelError } from '../model-error.js';
import type { StreamPart } from '../types.js';
import { createAnthropicModel } from './anthropic.js';

const KEY = 'sk-ant-test-0123456789abcdefghijkl';

defineModelContract({
  name: 'anthropic',
  routes: { chat: '/v1/messages', fim: '/v1/messages' },
  baseUrl: (server) => server.url,
  create: (options) => createAnthropicModel({ modelId: 'claude-sonnet-4-5', ...options }),
  readSampling: (body) => ({
    temperature: body.temperature,
    maxTokens: body.max_tokens,
    stop: body.stop_sequences,
  }),
  nativeN: false,
  supportsSeed: false,
  supportsJson: false,
  supportsEmbed: false,
  apiKey: KEY,
});

async function collect(stream: AsyncIterable<StreamPart>) {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('anthropic adapter specifics', () => {
  it('sends the version header, the key and one joined system string', async () => {
    await using server = await startFakeProviders({ apiKey: KEY });
    const model = createAnthropicModel({ modelId: 'claude-sonnet-4-5', baseUrl: server.url, apiKey: KEY });
    await model.chat({
      messages: [
        { role: 'system', content: 'one' },
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'two' },
      ],
    });
    const request = server.requests[0]!;
    expect(request.apiKeyMatched).toBe(true);
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.headers['x-api-key']).toBe('[redacted]');
    expect(request.body).toMatchObject({
      system: 'one\n\ntwo',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 4096,
    });
  });

  it('replays a recorded stream split anywhere, ping included', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/messages', {
      kind: 'fixture',
      name: 'anthropic-messages-stream.chunks.txt',
      splitEvery: 11,
    });
    const model = createAnthropicModel({ modelId: 'claude-sonnet-4-5', baseUrl: server.url });
    const parts = await collect(model.streamChat({ messages: [{ role: 'user', content: 'add' }] }));
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
    expect(text).toBe('def add(a, b):\n    return a + b');
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 25, outputTokens: 12 },
      model: 'claude-sonnet-4-5-20250929',
    });
  });

  it('turns an overloaded error event mid-stream into a typed error part', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/messages', { kind: 'fixture', name: 'anthropic-overloaded-mid-stream.chunks.txt' });
    const model = createAnthropicModel({ modelId: 'claude-sonnet-4-5', baseUrl: server.url });
    const parts = await collect(model.streamChat({ messages: [{ role: 'user', content: 'add' }] }));
    const last = parts.at(-1)!;
    expect(last.type === 'error' && isModelError(last.error, 'server') && last.error.isRetryable).toBe(true);
  });

  it('retries 529 overloaded', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/messages', { kind: 'error', error: 'overloaded' }, { text: 'ok' });
    const model = createAnthropicModel({
      modelId: 'claude-sonnet-4-5',
      baseUrl: server.url,
      retry: { initialDelayMs: 1 },
    });
    const result = await model.chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(result.choices[0]!.text).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('emulates FIM through a chat prompt and strips fences', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/messages', { text: '```python\n    return a + b\n```' });
    const model = createAnthropicModel({ modelId: 'claude-sonnet-4-5', baseUrl: server.url });
    const result = await model.fim({ prefix: 'def add(a, b):\n', suffix: '\n' });
    expect(result.choices[0]!.text).toBe('    return a + b');
    const body = server.requests[0]!.body as { messages: { content: string }[] };
    expect(body.messages[0]!.content).toBe('def add(a, b):\n<<<FILL>>>\n');
  });
});

describe('anthropic stream ends', () => {
  it('treats a stream without message_stop as broken', async () => {
    await using server = await startFakeProviders();
    const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    server.script('/v1/messages', {
      kind: 'raw',
      headers: { 'content-type': 'text/event-stream' },
      chunks: [
        event('message_start', {
          type: 'message_start',
          message: { model: 'claude', usage: { input_tokens: 3 } },
        }),
        event('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: 'half' },
        }),
        event('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn' },
          usage: { output_tokens: 1 },
        }),
      ],
    });
    const parts = await collect(
      createAnthropicModel({ modelId: 'claude', baseUrl: server.url }).streamChat({
        messages: [{ role: 'user', content: 'x' }],
      }),
    );
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'error']);
  });

  it('reads the rate-limit Retry-After and the context-length wording', async () => {
    await using server = await startFakeProviders();
    server.script(
      '/v1/messages',
      { kind: 'error', error: 'rate-limit', retryAfter: '30' },
      { kind: 'error', error: 'context-length' },
    );
    const model = createAnthropicModel({ modelId: 'claude', baseUrl: server.url, retry: { maxRetries: 0 } });
    await expect(model.chat({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      kind: 'rate-limit',
      retryAfterMs: 30_000,
      statusCode: 429,
    });
    await expect(model.chat({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      kind: 'context-length',
      isRetryable: false,
    });
  });
});
