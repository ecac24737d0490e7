import { describe, expect, it } from 'vitest';
import { startFakeProviders } from '../../../test/support/fake-providers/fake-providers.js';
import { defineModelContract } from '../../../test/support/fake-providers/model-contract.js';
import { isModelError } from '../model-error.js';
import type { StreamPart } from '../types.js';
import { createOpenAiModel } from './openai.js';

defineModelContract({
  name: 'openai',
  routes: { chat: '/v1/chat/completions', fim: '/v1/completions', embed: '/v1/embeddings' },
  baseUrl: (server) => server.openAiUrl,
  create: (options) => createOpenAiModel({ modelId: 'gpt-4o-mini', ...options }),
  readSampling: (body) => ({
    temperature: body.temperature,
    maxTokens: body.max_tokens,
    stop: body.stop,
    seed: body.seed,
    json: (body.response_format as { type?: string } | undefined)?.type === 'json_object',
  }),
  nativeN: true,
  supportsSeed: true,
  supportsJson: true,
  supportsEmbed: true,
  apiKey: 'sk-test-0123456789abcdefghijklmnop',
});

async function collect(stream: AsyncIterable<StreamPart>) {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('openai adapter specifics', () => {
  it('replays a recorded stream split at arbitrary byte boundaries', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/chat/completions', {
      kind: 'fixture',
      name: 'openai-chat-stream.chunks.txt',
      splitEvery: 7,
    });
    const model = createOpenAiModel({ modelId: 'gpt-4o-mini', baseUrl: server.openAiUrl });
    const parts = await collect(model.streamChat({ messages: [{ role: 'user', content: 'add' }] }));
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
    expect(text).toBe('def add(a, b):\n    return a + b');
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 19, outputTokens: 10 },
      model: 'gpt-4o-mini-2024-07-18',
    });
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('reads recorded chat, completion and embedding bodies', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/chat/completions', { kind: 'fixture', name: 'openai-chat.json' });
    server.script('/v1/completions', { kind: 'fixture', name: 'openai-completions.json' });
    server.script('/v1/embeddings', { kind: 'fixture', name: 'openai-embeddings.json' });
    const model = createOpenAiModel({ modelId: 'gpt-4o-mini', baseUrl: server.openAiUrl });
    const chat = await model.chat({ messages: [{ role: 'user', content: 'add' }] });
    expect(chat.usage).toEqual({ inputTokens: 19, outputTokens: 10 });
    const fim = await model.fim({ prefix: 'def add(a, b):\n', suffix: '' });
    expect(fim.choices[0]!.text).toBe('    return a + b');
    const embed = await model.embed({ input: ['a', 'b'] });
    expect(embed.embeddings).toHaveLength(2);
    expect(embed.usage.inputTokens).toBe(8);
  });

  it('sends prefix and suffix as-is by default, a raw template prompt when configured', async () => {
    await using server = await startFakeProviders();
    const plain = createOpenAiModel({ modelId: 'qwen2.5-coder', baseUrl: server.openAiUrl });
    await plain.fim({ prefix: 'PRE', suffix: 'SUF', stop: ['\n\n'] });
    expect(server.requests[0]!.body).toMatchObject({ prompt: 'PRE', suffix: 'SUF', stop: ['\n\n'] });
    server.script('/v1/completions', { text: 'MIDDLE<|endoftext|>junk' });
    const templated = createOpenAiModel({
      modelId: 'qwen2.5-coder',
      baseUrl: server.openAiUrl,
      fimTemplate: 'qwen2.5-coder',
    });
    const result = await templated.fim({ prefix: 'PRE', suffix: 'SUF' });
    expect(result.choices[0]!.text).toBe('MIDDLE');
    const body = server.requests[1]!.body as Record<string, unknown>;
    expect(body.prompt).toBe('<|fim_prefix|>PRE<|fim_suffix|>SUF<|fim_middle|>');
    expect(body.suffix).toBeUndefined();
    expect(body.stop).toContain('<|endoftext|>');
  });

  it('tops up n when a server returns fewer choices', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/chat/completions', { choices: ['one'] }, { choices: ['two', 'three'] });
    const model = createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl });
    const result = await model.chat({ messages: [{ role: 'user', content: 'x' }], n: 3 });
    expect(result.choices.map((choice) => choice.text)).toEqual(['one', 'two', 'three']);
    expect((server.requests[1]!.body as { n?: number }).n).toBe(2);
  });

  it('treats a stream without finish_reason or [DONE] as broken', async () => {
    await using server = await startFakeProviders();
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    server.script('/v1/chat/completions', {
      kind: 'raw',
      headers: { 'content-type': 'text/event-stream' },
      chunks: [chunk('half an'), chunk(' answer')],
    });
    const model = createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl });
    const parts = await collect(model.streamChat({ messages: [{ role: 'user', content: 'x' }] }));
    const last = parts.at(-1)!;
    expect(last.type === 'error' && isModelError(last.error, 'network')).toBe(true);
  });

  it('does not retry an exhausted quota, and reads vLLM-style flat errors', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/chat/completions', {
      kind: 'raw',
      status: 429,
      body: {
        error: {
          message: 'You exceeded your current quota',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
    });
    const model = createOpenAiModel({
      modelId: 'm',
      baseUrl: server.openAiUrl,
      retry: { initialDelayMs: 1 },
    });
    await expect(model.chat({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      kind: 'rate-limit',
      isRetryable: false,
    });
    expect(server.requests).toHaveLength(1);
    server.script('/v1/chat/completions', {
      kind: 'raw',
      status: 400,
      body: {
        object: 'error',
        message: 'temperature must be non-negative',
        type: 'BadRequestError',
        code: 400,
      },
    });
    await expect(model.chat({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      kind: 'bad-request',
      message: expect.stringContaining('temperature must be non-negative'),
    });
  });

  it('classifies llama.cpp context overflow by its error type', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/chat/completions', {
      kind: 'raw',
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'the request exceeds the available context size',
          type: 'exceed_context_size_error',
        },
      },
    });
    const model = createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl });
    await expect(model.chat({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      kind: 'context-length',
    });
  });
  it('reads a context-length error that only its wording marks (vLLM)', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/chat/completions', {
      kind: 'raw',
      status: 400,
      body: {
        object: 'error',
        message:
          "This model's maximum context length is 4096 tokens. However, you requested 5120 tokens (4608 in the messages, 512 in the completion).",
        type: 'BadRequestError',
        param: null,
        code: 400,
      },
    });
    const model = createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl });
    const thrown = await model
      .chat({ messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(thrown).toMatchObject({ kind: 'context-length', isRetryable: false });
    expect((thrown as { hint: string }).hint).toMatch(/larger context window/);
  });
});

describe('openai official host', () => {
  it('sends max_completion_tokens to api.openai.com (through an injected fetch)', async () => {
    await using server = await startFakeProviders();
    const fetch = (url: string, init: RequestInit) =>
      globalThis.fetch(url.replace('https://api.openai.com', server.url), init);
    const model = createOpenAiModel({
      modelId: 'gpt-5-mini',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-x-0123456789abcdefghij',
      fetch,
    });
    expect(model.location).toBe('remote');
    await model.chat({ messages: [{ role: 'user', content: 'x' }], maxTokens: 50 });
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body.max_completion_tokens).toBe(50);
    expect(body.max_tokens).toBeUndefined();
  });
});
