import { describe, expect, it } from 'vitest';
import { startFakeProviders } from '../../../test/support/fake-providers/fake-providers.js';
import { defineModelContract } from '../../../test/support/fake-providers/model-contract.js';
import type { StreamPart } from '../types.js';
import { createOllamaModel } from './ollama.js';
import { ollamaBaseUrl } from './ollama-host.js';

defineModelContract({
  name: 'ollama',
  routes: { chat: '/api/chat', fim: '/api/generate', embed: '/api/embed' },
  baseUrl: (server) => server.url,
  create: (options) => createOllamaModel({ modelId: 'qwen2.5-coder:7b', ...options }),
  readSampling: (body) => {
    const options = (body.options ?? {}) as Record<string, unknown>;
    return {
      temperature: options.temperature,
      maxTokens: options.num_predict,
      stop: options.stop,
      seed: options.seed,
      json: body.format === 'json',
    };
  },
  nativeN: false,
  supportsSeed: true,
  supportsJson: true,
  supportsEmbed: true,
});

async function collect(stream: AsyncIterable<StreamPart>) {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('ollama adapter specifics', () => {
  it('replays recorded NDJSON split anywhere', async () => {
    await using server = await startFakeProviders();
    server.script('/api/chat', { kind: 'fixture', name: 'ollama-chat-stream.chunks.txt', splitEvery: 5 });
    const model = createOllamaModel({ modelId: 'qwen2.5-coder:7b', baseUrl: server.url });
    const parts = await collect(model.streamChat({ messages: [{ role: 'user', content: 'add' }] }));
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
    expect(text).toBe('def add(a, b):\n    return a + b');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: 26, outputTokens: 11 } });
  });

  it('sends suffix for server-side FIM and raw template prompts otherwise', async () => {
    await using server = await startFakeProviders();
    await createOllamaModel({ modelId: 'qwen2.5-coder:7b', baseUrl: server.url }).fim({
      prefix: 'P',
      suffix: 'S',
      maxTokens: 9,
    });
    expect(server.requests[0]!.body).toMatchObject({
      prompt: 'P',
      suffix: 'S',
      stream: false,
      options: { num_predict: 9 },
    });
    await createOllamaModel({
      modelId: 'codellama:7b-code',
      baseUrl: server.url,
      fimTemplate: 'codellama',
    }).fim({ prefix: 'P', suffix: 'S' });
    const body = server.requests[1]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ prompt: '<PRE> P <SUF>S <MID>', raw: true });
    expect(body.suffix).toBeUndefined();
    expect((body.options as { stop: string[] }).stop).toContain('<EOT>');
  });

  it('names `ollama pull` when the model is missing', async () => {
    await using server = await startFakeProviders();
    server.script('/api/chat', { kind: 'error', error: 'not-found' });
    const model = createOllamaModel({ modelId: 'qwen2.5-coder:nonexistent', baseUrl: server.url });
    await expect(model.chat({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      kind: 'not-found',
      hint: expect.stringContaining('ollama pull qwen2.5-coder:nonexistent'),
      message: expect.stringContaining('try pulling it first'),
    });
  });

  it('reads OLLAMA_HOST the way Ollama does', () => {
    expect(ollamaBaseUrl(undefined)).toBe('http://127.0.0.1:11434');
    expect(ollamaBaseUrl('127.0.0.1:11434')).toBe('http://127.0.0.1:11434');
    expect(ollamaBaseUrl('0.0.0.0')).toBe('http://127.0.0.1:11434');
    expect(ollamaBaseUrl('0.0.0.0:9999')).toBe('http://127.0.0.1:9999');
    expect(ollamaBaseUrl('http://gpu-box:8080')).toBe('http://gpu-box:8080');
    expect(ollamaBaseUrl('https://ollama.example.com')).toBe('https://ollama.example.com');
    expect(ollamaBaseUrl('gpu-box')).toBe('http://gpu-box:11434');
    expect(ollamaBaseUrl(':7000')).toBe('http://127.0.0.1:7000');
    expect(ollamaBaseUrl('http://example.com/ollama')).toBe('http://example.com:11434/ollama');
  });
});

describe('ollama stream ends', () => {
  it('treats a stream that ends cleanly without "done": true as broken', async () => {
    await using server = await startFakeProviders();
    const line = (content: string) =>
      `${JSON.stringify({ model: 'm', message: { role: 'assistant', content }, done: false })}\n`;
    server.script('/api/chat', {
      kind: 'raw',
      headers: { 'content-type': 'application/x-ndjson' },
      chunks: [line('half'), line(' an answer')],
    });
    const model = createOllamaModel({ modelId: 'm', baseUrl: server.url });
    const parts = await collect(model.streamChat({ messages: [{ role: 'user', content: 'x' }] }));
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'text-delta', 'error']);
    const last = parts.at(-1)!;
    expect(last.type === 'error' && last.error.message).toContain('"done": true');
  });

  it('turns an error line mid-stream into a typed error part', async () => {
    await using server = await startFakeProviders();
    server.script('/api/chat', {
      kind: 'raw',
      headers: { 'content-type': 'application/x-ndjson' },
      chunks: [
        `${JSON.stringify({ model: 'm', message: { role: 'assistant', content: 'a' }, done: false })}\n`,
        '{"error":"an error was encountered while running the model: CUDA error"}\n',
      ],
    });
    const parts = await collect(
      createOllamaModel({ modelId: 'm', baseUrl: server.url }).streamChat({
        messages: [{ role: 'user', content: 'x' }],
      }),
    );
    const last = parts.at(-1)!;
    expect(last.type === 'error' && last.error.message).toContain('CUDA error');
  });
});
