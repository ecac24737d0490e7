import { describe, expect, it } from 'vitest';
import { startFakeProviders } from '../../../test/support/fake-providers/fake-providers.js';
import { defineModelContract } from '../../../test/support/fake-providers/model-contract.js';
import { createLlamaCppModel } from './llamacpp.js';

defineModelContract({
  name: 'llamacpp',
  routes: { chat: '/v1/chat/completions', fim: '/infill', embed: '/v1/embeddings' },
  baseUrl: (server) => server.url,
  create: (options) => createLlamaCppModel({ modelId: 'qwen2.5-coder-1.5b', ...options }),
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
  apiKey: 'llama-key-0123456789abcdef',
});

describe('llama.cpp /infill', () => {
  it('sends input_prefix/input_suffix and sampling options, one request per sample', async () => {
    await using server = await startFakeProviders();
    server.script(
      '/infill',
      { text: '    return a + b', usage: { input: 14, output: 4 } },
      { text: '    return b + a', finishReason: 'limit' },
    );
    const model = createLlamaCppModel({ modelId: 'm', baseUrl: `${server.url}/v1` });
    const result = await model.fim({
      prefix: 'def add(a, b):\n',
      suffix: '\n',
      maxTokens: 64,
      temperature: 0.1,
      stop: ['\n\n'],
      seed: 7,
      n: 2,
    });
    expect(result.choices).toEqual([
      { text: '    return a + b', finishReason: 'stop' },
      { text: '    return b + a', finishReason: 'length' },
    ]);
    expect(server.requestsTo('/infill')).toHaveLength(2);
    expect(server.requests[0]!.body).toMatchObject({
      input_prefix: 'def add(a, b):\n',
      input_suffix: '\n',
      n_predict: 64,
      temperature: 0.1,
      stop: ['\n\n'],
      seed: 7,
      stream: false,
    });
    expect(result.usage.inputTokens).toBeGreaterThanOrEqual(14);
  });

  it('maps the server context-size error', async () => {
    await using server = await startFakeProviders();
    server.script('/infill', { kind: 'error', error: 'context-length' });
    const model = createLlamaCppModel({ modelId: 'm', baseUrl: server.url });
    await expect(model.fim({ prefix: 'x', suffix: '' })).rejects.toMatchObject({
      kind: 'context-length',
      isRetryable: false,
    });
  });
});
