import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startFakeProviders } from '../../../test/support/fake-providers/fake-providers.js';
import { isModelError, type ModelError } from '../model-error.js';
import type { PromptRedactor } from '../types.js';
import { readModelConfig } from './model-config.js';
import { chooseModelSpec, resolveModel } from './resolve-model.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    if (isModelError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const config = {
  model: {
    default: 'ollama:qwen2.5-coder:7b',
    complete: 'ollama:qwen2.5-coder:1.5b',
    chat: 'anthropic:claude-sonnet-4-5',
  },
};

describe('choosing a model', () => {
  const choose = (options: {
    spec?: string;
    env?: NodeJS.ProcessEnv;
    task?: 'generate' | 'chat' | 'complete' | 'embed';
  }) =>
    chooseModelSpec(
      { task: options.task ?? 'generate', config, env: options.env ?? {}, spec: options.spec },
      readModelConfig(config),
    );

  it('takes --model over VOUCH_MODEL over the task line over the default', async () => {
    expect(
      await choose({ spec: 'openai:gpt-4o-mini', env: { VOUCH_MODEL: 'ollama:x' }, task: 'chat' }),
    ).toEqual({
      spec: 'openai:gpt-4o-mini',
      source: 'flag',
    });
    expect(await choose({ env: { VOUCH_MODEL: 'ollama:llama3' }, task: 'chat' })).toEqual({
      spec: 'ollama:llama3',
      source: 'env',
    });
    expect(await choose({ task: 'chat' })).toEqual({
      spec: 'anthropic:claude-sonnet-4-5',
      source: 'config-task',
    });
    expect(await choose({ task: 'complete' })).toEqual({
      spec: 'ollama:qwen2.5-coder:1.5b',
      source: 'config-task',
    });
    expect(await choose({ task: 'generate' })).toEqual({
      spec: 'ollama:qwen2.5-coder:7b',
      source: 'config-default',
    });
  });

  it('splits the spec on the first colon only', async () => {
    await using server = await startFakeProviders();
    const model = await resolveModel({
      spec: 'ollama:qwen2.5-coder:7b',
      task: 'generate',
      config: {},
      env: { OLLAMA_HOST: server.url },
    });
    expect(model.provider).toBe('ollama');
    expect(model.modelId).toBe('qwen2.5-coder:7b');
    expect(model.id).toBe('ollama:qwen2.5-coder:7b');
    expect(model.location).toBe('local');
    await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.requests[0]!.body).toMatchObject({ model: 'qwen2.5-coder:7b' });
  });

  it('finds a coder model on a local Ollama when nothing is configured', async () => {
    await using server = await startFakeProviders({
      ollamaModels: ['llama3.2:latest', 'nomic-embed-text:latest', 'qwen2.5-coder:7b'],
    });
    const env = { OLLAMA_HOST: server.url.replace('http://', '') };
    const model = await resolveModel({ task: 'generate', config: {}, env });
    expect(model.id).toBe('ollama:qwen2.5-coder:7b');
    const embedder = await resolveModel({ task: 'embed', config: {}, env });
    expect(embedder.id).toBe('ollama:nomic-embed-text:latest');
    expect(server.requestsTo('/api/tags')).toHaveLength(2);
  });

  it('says which three ways there are when no Ollama answers and the embedded runtime is missing', async () => {
    const port = await closedPort();
    // the probe's requests: one, refused, and no retry (a wall bound here failed under load, not on retries)
    const probes: string[] = [];
    const error = await failure(
      resolveModel({
        task: 'generate',
        config: {},
        env: { OLLAMA_HOST: `127.0.0.1:${port}` },
        configFiles: ['/home/u/.config/vouch/config.toml', '/w/vouch.toml'],
        localRuntimeInstalled: () => false,
        fetch: (input, init) => {
          probes.push(input);
          return fetch(input, init);
        },
      }),
    );
    expect(error.message).toContain('node-llama-cpp is not installed');
    expect(probes).toEqual([`http://127.0.0.1:${port}/api/tags`]);
    expect(error.kind).toBe('configuration');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.hint).toContain('--model');
    expect(error.hint).toContain('VOUCH_MODEL');
    expect(error.hint).toContain('/w/vouch.toml');
    // a new user with their own OpenAI-compatible server needs its address too, not only a model name
    expect(error.hint).toContain('OPENAI_BASE_URL=http://host:8000/v1');
    expect(error.exitCode).toBe(2);
  });

  it('says first that OPENAI_BASE_URL alone chooses no model, when it is set and nothing chose one', async () => {
    // a new user who exported their server's address but not VOUCH_MODEL was told to "add OPENAI_BASE_URL"
    const port = await closedPort();
    const env = { OLLAMA_HOST: `127.0.0.1:${port}`, OPENAI_BASE_URL: 'http://gpu-box:8000/v1/' };
    const error = await failure(
      resolveModel({ task: 'generate', config: {}, env, localRuntimeInstalled: () => false }),
    );
    expect(error.kind).toBe('configuration');
    expect(error.hint).toMatch(
      /^OPENAI_BASE_URL is set \(http:\/\/gpu-box:8000\/v1\/\) but no model is chosen: VOUCH_MODEL=openai:NAME \(or --model openai:NAME\) uses that server, NAME being a model it serves \(`curl http:\/\/gpu-box:8000\/v1\/models` lists them\); otherwise choose a model/,
    );
    expect(error.hint).toContain('VOUCH_MODEL environment variable');

    await using server = await startFakeProviders({ ollamaModels: [] });
    const pulled = await failure(
      resolveModel({
        task: 'generate',
        config: {},
        env: { OLLAMA_HOST: server.url, OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' },
      }),
    );
    expect(pulled.hint).toMatch(/^OPENAI_BASE_URL is set \(http:\/\/127\.0\.0\.1:8000\/v1\)/);
    expect(pulled.hint).toContain('otherwise pull one with `ollama pull');
    // without the variable the hint is as it was
    const plain = await failure(
      resolveModel({ task: 'generate', config: {}, env: { OLLAMA_HOST: server.url } }),
    );
    expect(plain.hint).toMatch(/^pull one with `ollama pull/);
  });

  it('never puts the credentials or query key of OPENAI_BASE_URL into the hint', async () => {
    const port = await closedPort();
    const env = {
      OLLAMA_HOST: `127.0.0.1:${port}`,
      OPENAI_BASE_URL: 'https://alice:s3cr3t-pw@gpu-box:8000/v1?api-key=sk-query-key-123',
    };
    const error = await failure(
      resolveModel({ task: 'generate', config: {}, env, localRuntimeInstalled: () => false }),
    );
    // what `--json` prints: {error: {name, message, hint, exitCode}}
    const json = JSON.stringify({ name: error.name, message: error.message, hint: error.hint });
    for (const text of [error.message, error.hint ?? '', json]) {
      expect(text).not.toContain('s3cr3t-pw');
      expect(text).not.toContain('alice');
      expect(text).not.toContain('sk-query-key-123');
      expect(text).not.toContain('api-key');
    }
    // the models address is built as a URL, so a query string does not end up after `/models`
    expect(error.hint).toContain('OPENAI_BASE_URL is set (https://gpu-box:8000/v1)');
    expect(error.hint).toContain('`curl https://gpu-box:8000/v1/models` lists them');
  });

  it('says to pull a model when Ollama has none', async () => {
    await using server = await startFakeProviders({ ollamaModels: [] });
    const error = await failure(
      resolveModel({ task: 'generate', config: {}, env: { OLLAMA_HOST: server.url } }),
    );
    expect(error.hint).toContain('ollama pull');
  });

  it('lists the known providers for an unknown one', async () => {
    const error = await failure(
      resolveModel({
        spec: 'gemini:pro',
        task: 'generate',
        config: { providers: { vllm: { kind: 'openai', base_url: 'http://gpu:8000/v1' } } },
        env: {},
      }),
    );
    expect(error.message).toContain('"gemini"');
    for (const name of ['openai', 'anthropic', 'ollama', 'llamacpp', 'replay', 'vllm'])
      expect(error.hint).toContain(name);
  });

  it('names the variable when a key is missing, and never asks for one from a self-hosted server', async () => {
    const openai = await failure(
      resolveModel({ spec: 'openai:gpt-4o-mini', task: 'generate', config: {}, env: {} }),
    );
    expect(openai.kind).toBe('authentication');
    expect(openai.hint).toContain('OPENAI_API_KEY');
    const anthropic = await failure(
      resolveModel({ spec: 'anthropic:claude-sonnet-4-5', task: 'chat', config: {}, env: {} }),
    );
    expect(anthropic.hint).toContain('ANTHROPIC_API_KEY');
    const custom = await failure(
      resolveModel({
        spec: 'gpu:qwen',
        task: 'generate',
        config: {
          providers: { gpu: { kind: 'openai', base_url: 'http://10.0.0.5:8000/v1', api_key_env: 'GPU_KEY' } },
        },
        env: {},
      }),
    );
    expect(custom.hint).toContain('GPU_KEY');
    const local = await resolveModel({
      spec: 'openai:qwen',
      task: 'generate',
      config: {},
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' },
    });
    expect(local.location).toBe('local');
  });

  it('uses a custom provider section: kind, base_url, key variable, FIM template, retries', async () => {
    await using server = await startFakeProviders({ apiKey: 'sk-gpu-0123456789abcdefghij' });
    server.script('/v1/chat/completions', { kind: 'error', error: 'server' }, { text: 'ok' });
    const model = await resolveModel({
      spec: 'gpu:qwen2.5-coder-7b',
      task: 'complete',
      config: {
        providers: {
          gpu: {
            kind: 'openai',
            base_url: server.openAiUrl,
            api_key_env: 'GPU_KEY',
            fim_template: 'starcoder2',
            max_retries: 0,
            location: 'remote',
          },
        },
      },
      env: { GPU_KEY: 'sk-gpu-0123456789abcdefghij' },
    });
    expect(model.location).toBe('remote');
    await model.fim({ prefix: 'a', suffix: 'b' });
    expect(server.requests[0]!.apiKeyMatched).toBe(true);
    expect((server.requests[0]!.body as { prompt: string }).prompt).toBe(
      '<fim_prefix>a<fim_suffix>b<fim_middle>',
    );
    await expect(model.chat({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      kind: 'server',
    });
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(1);
  });

  it('rejects a misspelt config key, naming it', async () => {
    const error = await failure(
      resolveModel({ task: 'generate', config: { providers: { openai: { baseurl: 'x' } } }, env: {} }),
    );
    expect(error.kind).toBe('configuration');
    expect(error.message).toContain('[providers.openai]');
  });

  it('redacts prompts for remote models and when the config says always', async () => {
    await using server = await startFakeProviders();
    const redactor: PromptRedactor = {
      begin: () => ({
        redact: (text) => text.replaceAll('hunter2', '[SECRET_1]'),
        count: 1,
      }),
    };
    server.script('/api/chat', { text: 'you said [SECRET_1]' });
    const always = await resolveModel({
      spec: 'ollama:m',
      task: 'chat',
      config: { providers: { ollama: { base_url: server.url, redact: 'always' } } },
      env: {},
      redactor,
    });
    const result = await always.chat({ messages: [{ role: 'user', content: 'password hunter2' }] });
    expect(JSON.stringify(server.requests[0]!.body)).not.toContain('hunter2');
    // the reply keeps the placeholder: a secret the model never saw is never put back
    expect(result.choices[0]!.text).toBe('you said [SECRET_1]');
    const local = await resolveModel({
      spec: 'ollama:m',
      task: 'chat',
      config: {},
      env: { OLLAMA_HOST: server.url },
      redactor,
    });
    await local.chat({ messages: [{ role: 'user', content: 'password hunter2' }] });
    expect(JSON.stringify(server.requests[1]!.body)).toContain('hunter2');
  });

  it('refuses a chat-only model for embeddings up front', async () => {
    const error = await failure(
      resolveModel({
        task: 'embed',
        config: { model: { default: 'anthropic:claude-sonnet-4-5' } },
        env: { ANTHROPIC_API_KEY: 'sk-ant-0123456789abcdef' },
      }),
    );
    expect(error.kind).toBe('unsupported');
    expect(error.hint).toContain('[model] embed');
  });
});
