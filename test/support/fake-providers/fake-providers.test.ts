import { describe, expect, it } from 'vitest';
import { resolveModel } from '../../../src/model/index.js';
import { startFakeProviders } from './fake-providers.js';

describe('fake providers', () => {
  it('works as the README shows: a 429, then a reply, through resolveModel', async () => {
    await using server = await startFakeProviders();
    server.script(
      '/v1/chat/completions',
      { kind: 'error', error: 'rate-limit', retryAfter: '0.01' },
      { text: '```python\ndef add(a, b):\n    return a + b\n```' },
    );
    const model = await resolveModel({
      spec: 'openai:gpt-4o-mini',
      task: 'generate',
      config: {},
      env: { OPENAI_BASE_URL: server.openAiUrl },
      retry: { initialDelayMs: 1 },
    });
    const result = await model.chat({ messages: [{ role: 'user', content: 'add' }] });
    expect(result.choices[0]!.text).toContain('def add');
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(2);
    expect(server.requests[1]!.body).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it('records requests with auth headers redacted and answers unknown paths with 404', async () => {
    await using server = await startFakeProviders({ apiKey: 'sk-right-0123456789' });
    const response = await fetch(`${server.openAiUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-wrong-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_api_key', type: 'invalid_request_error' },
    });
    expect(server.requests[0]).toMatchObject({
      apiKeyMatched: false,
      headers: { authorization: '[redacted]' },
    });
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it('streams by default on Ollama, as Ollama does, and lists scripted tags', async () => {
    await using server = await startFakeProviders({ ollamaModels: ['a:1', 'b:2'] });
    const chat = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'a:1', messages: [] }),
    });
    expect(chat.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await chat.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
    const tags = await (await fetch(`${server.url}/api/tags`)).json();
    expect(tags.models.map((model: { name: string }) => model.name)).toEqual(['a:1', 'b:2']);
  });

  it('handles requests with a function after the queue runs dry', async () => {
    await using server = await startFakeProviders();
    server.handle('/api/generate', (request) => ({
      text: `echo ${(request.body as { prompt: string }).prompt}`,
    }));
    const response = await fetch(`${server.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'hi', stream: false }),
    });
    expect(await response.json()).toMatchObject({ response: 'echo hi', done: true });
  });
});
