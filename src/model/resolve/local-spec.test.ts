// end-to-end: node-llama-cpp forks to test its binding before a real GGUF model runs
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueEntry, type HubFile, startFakeModelHub } from '../../../test/support/fake-model-hub.js';
import {
  buildTinyModel,
  TINY_CHAT_ANSWER,
  TINY_FIM_ANSWER,
  TINY_LOCAL_SETTINGS,
} from '../../../test/support/gguf/tiny-model.js';
import { DEFAULT_LOCAL_MODEL } from '../local/catalogue.js';
import type { DownloadProgress } from '../local/download-model.js';
import { releaseLocalModels } from '../local/loaded-models.js';
import { isModelError, type ModelError } from '../model-error.js';
import { resolveModel } from './resolve-model.js';

// The embedded default and `local:` specs, with the catalogue's default name standing for the tiny
// scripted model and a loopback server standing for the hub.

const tiny: HubFile = {
  repository: 'Qwen/Tiny-GGUF',
  file: 'tiny.gguf',
  bytes: buildTinyModel({ chatScript: TINY_CHAT_ANSWER, fimScript: TINY_FIM_ANSWER, contextLength: 4096 }),
};
const catalogue = [catalogueEntry(tiny, DEFAULT_LOCAL_MODEL)];
const config = { providers: { local: TINY_LOCAL_SETTINGS } };
let cache: string;
let noOllama: string;

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

beforeAll(async () => {
  cache = await mkdtemp(join(tmpdir(), 'vouch-cache-'));
  noOllama = `127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await releaseLocalModels();
  await rm(cache, { recursive: true, force: true });
});

describe('the embedded default', () => {
  it('is downloaded on first use when nothing is configured and no Ollama answers, then runs', async () => {
    await using hub = await startFakeModelHub([tiny]);
    const progress: DownloadProgress[] = [];
    const env = { OLLAMA_HOST: noOllama, HF_ENDPOINT: hub.url, XDG_CACHE_HOME: cache };
    const model = await resolveModel({
      task: 'generate',
      config,
      env,
      localCatalogue: catalogue,
      onDownloadProgress: (event) => progress.push(event),
    });
    expect(model.id).toBe(`local:${DEFAULT_LOCAL_MODEL}`);
    expect(model.contextLength).toBe(4096);
    expect(progress.at(-1)?.receivedBytes).toBe(tiny.bytes.length);
    expect((await readFile(join(cache, 'vouch', 'models', 'tiny.gguf'))).length).toBe(tiny.bytes.length);
    const answer = await model.chat({ messages: [{ role: 'user', content: 'add two numbers' }] });
    expect(answer.choices[0]!.text).toBe(TINY_CHAT_ANSWER);

    // the second use finds it in the cache and asks the hub nothing
    const requests = hub.requests.length;
    const again = await resolveModel({ task: 'complete', config, env, localCatalogue: catalogue });
    expect((await again.fim({ prefix: 'def add(a, b):\n    ', suffix: '\n' })).choices[0]!.text).toBe(
      TINY_FIM_ANSWER,
    );
    expect(hub.requests).toHaveLength(requests);
  });

  it('says exactly what to do when it is missing and the hub cannot be reached', async () => {
    const env = {
      OLLAMA_HOST: noOllama,
      HF_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
      XDG_CACHE_HOME: join(cache, 'empty'),
    };
    const error = await failure(
      resolveModel({
        task: 'generate',
        config,
        env,
        configFiles: ['/w/vouch.toml'],
        localCatalogue: catalogue,
      }),
    );
    expect(error.kind).toBe('network');
    expect(error.message).toContain(
      `no model is configured and no Ollama answered at http://${noOllama}, so vouch uses the embedded ${DEFAULT_LOCAL_MODEL}, but cannot download ${DEFAULT_LOCAL_MODEL} from`,
    );
    for (const way of [
      `vouch model pull ${DEFAULT_LOCAL_MODEL}`,
      '--from FILE',
      'local:/path/to/model.gguf',
      '--model',
      'VOUCH_MODEL',
      '/w/vouch.toml',
      'ollama serve',
    ]) {
      expect(error.hint).toContain(way);
    }
    // with a server's address exported but no model named, the hint says so before the download's ways
    const withServer = await failure(
      resolveModel({
        task: 'generate',
        config,
        env: { ...env, OPENAI_BASE_URL: 'http://gpu-box:8000/v1' },
        configFiles: ['/w/vouch.toml'],
        localCatalogue: catalogue,
      }),
    );
    expect(withServer.message).toBe(error.message);
    expect(withServer.hint).toBe(
      `OPENAI_BASE_URL is set (http://gpu-box:8000/v1) but no model is chosen: VOUCH_MODEL=openai:NAME (or --model openai:NAME) uses that server, NAME being a model it serves (\`curl http://gpu-box:8000/v1/models\` lists them); otherwise ${error.hint}`,
    );
  });

  it('is not used for embeddings', async () => {
    const error = await failure(
      resolveModel({
        task: 'embed',
        config,
        env: { OLLAMA_HOST: noOllama, XDG_CACHE_HOME: cache },
        localCatalogue: catalogue,
      }),
    );
    expect(error.kind).toBe('configuration');
    expect(error.message).toContain('no Ollama answered');
    expect(error.message).not.toContain('embedded');
  });
});

describe('local: specs', () => {
  it('lists the catalogue for a name it does not know', async () => {
    const error = await failure(resolveModel({ spec: 'local:gpt-5', task: 'generate', config, env: {} }));
    expect(error.message).toBe('there is no local model called "gpt-5"');
    expect(error.hint).toContain('qwen2.5-coder-1.5b-instruct (1.1 GB)');
    expect(error.hint).toContain('local:/path/to/model.gguf');
  });

  it('does not download when told not to', async () => {
    const error = await failure(
      resolveModel({
        spec: `local:${DEFAULT_LOCAL_MODEL}`,
        task: 'generate',
        config,
        env: { XDG_CACHE_HOME: join(cache, 'none') },
        allowDownload: false,
        localCatalogue: catalogue,
      }),
    );
    expect(error.message).toContain('is not downloaded');
    expect(error.hint).toContain(`vouch model pull ${DEFAULT_LOCAL_MODEL}`);
  });

  it('says how to install the runtime when it is missing', async () => {
    const error = await failure(
      resolveModel({
        spec: 'local:/x.gguf',
        task: 'generate',
        config,
        env: {},
        localRuntimeInstalled: () => false,
      }),
    );
    expect(error.message).toContain('node-llama-cpp, which is not installed');
    expect(error.hint).toContain('npm install node-llama-cpp@3.21.1');
  });

  it('validates [providers.local], naming a misspelt key', async () => {
    const error = await failure(
      resolveModel({
        spec: 'local:/x.gguf',
        task: 'generate',
        config: { providers: { local: { context: 10 } } },
        env: {},
      }),
    );
    expect(error.kind).toBe('configuration');
    expect(error.message).toContain('[providers.local]');
  });
});
