// end-to-end: node-llama-cpp forks to test its binding before a real GGUF model runs
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TINY_CHAT_ANSWER,
  TINY_FIM_ANSWER,
  TINY_LOCAL_SETTINGS,
  tinyModelFile,
  writeTinyModel,
} from '../../../test/support/gguf/tiny-model.js';
import { loadedModelCount, releaseLocalModels } from '../local/loaded-models.js';
import { isModelError, type ModelError } from '../model-error.js';
import { resolveModel } from '../resolve/resolve-model.js';
import type { LanguageModel, StreamPart } from '../types.js';

// These tests load real GGUF files with llama.cpp (node-llama-cpp): a scripted tiny model whose answers
// are known, and a random one whose answers are nonsense. No network, no downloaded weights.

let fixture: Awaited<ReturnType<typeof tinyModelFile>>;
let model: LanguageModel;

const local = (path: string, extra: Record<string, unknown> = {}) =>
  resolveModel({
    spec: `local:${path}`,
    task: 'generate',
    config: { providers: { local: { ...TINY_LOCAL_SETTINGS, ...extra } } },
    env: {},
  });

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    if (isModelError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

beforeAll(async () => {
  fixture = await tinyModelFile();
  model = await local(fixture.path);
});
afterAll(async () => {
  await releaseLocalModels();
  await fixture[Symbol.asyncDispose]();
});

describe('local: models', () => {
  it('chats with the template from the GGUF metadata and reports tokens in and out', async () => {
    const result = await model.chat({
      messages: [
        { role: 'system', content: 'You write Python.' },
        { role: 'user', content: 'add two numbers' },
      ],
      temperature: 0.2,
    });
    expect(result.choices).toEqual([{ text: TINY_CHAT_ANSWER, finishReason: 'stop' }]);
    expect(result.model).toBe(fixture.path);
    expect(result.usage.inputTokens).toBeGreaterThan(20);
    expect(result.usage.outputTokens).toBeGreaterThan(3);
    expect(model.id).toBe(`local:${fixture.path}`);
    expect(model.location).toBe('local');
    expect(model.contextLength).toBe(2048);
  });

  it('streams the answer in pieces that end with finish', async () => {
    const parts = await collect(model.streamChat({ messages: [{ role: 'user', content: 'add' }] }));
    const deltas = parts.filter((part) => part.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((part) => part.delta).join('')).toBe(TINY_CHAT_ANSWER);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('fills in the middle with the FIM tokens from the metadata', async () => {
    const result = await model.fim({ prefix: 'def add(a, b):\n    ', suffix: '\n\nprint(add(1, 2))\n' });
    expect(result.choices[0]).toEqual({ text: TINY_FIM_ANSWER, finishReason: 'stop' });
    // a prefix longer than the whole context: its far end gives way, the cursor's surroundings stay
    const long = await model.fim({ prefix: `${'x = 1\n'.repeat(2000)}def add(a, b):\n    `, suffix: '\n' });
    expect(long.choices[0]!.text).toBe(TINY_FIM_ANSWER);
    expect(long.usage.inputTokens).toBeLessThan(2048);
    // chat again on the same sequence: the previous request's state does not leak into this one
    const again = await model.chat({ messages: [{ role: 'user', content: 'add' }] });
    expect(again.choices[0]!.text).toBe(TINY_CHAT_ANSWER);
  });

  it('stops at max tokens and at stop sequences, and samples n answers', async () => {
    const short = await model.chat({ messages: [{ role: 'user', content: 'add' }], maxTokens: 2 });
    expect(short.choices[0]!.finishReason).toBe('length');
    expect(TINY_CHAT_ANSWER.startsWith(short.choices[0]!.text)).toBe(true);
    const stopped = await model.chat({ messages: [{ role: 'user', content: 'add' }], stop: ['return'] });
    expect(stopped.choices[0]!.text).not.toContain('return');
    expect(stopped.choices[0]!.text).toContain('def add');
    const three = await model.chat({ messages: [{ role: 'user', content: 'add' }], n: 3, temperature: 0.8 });
    expect(three.choices).toHaveLength(3);
  });

  it('keeps one loaded model for every model object that names the same file', async () => {
    await model.chat({ messages: [{ role: 'user', content: 'x' }] });
    const before = loadedModelCount();
    const other = await local(fixture.path);
    await other.chat({ messages: [{ role: 'user', content: 'y' }] });
    expect(loadedModelCount()).toBe(before);
  });

  it('refuses a prompt longer than the context instead of cutting it', async () => {
    const error = await failure(model.chat({ messages: [{ role: 'user', content: 'word '.repeat(3000) }] }));
    expect(error.kind).toBe('context-length');
    expect(error.message).toContain('2048');
    expect(error.hint).toContain('context_size');
  });

  it('is cancelled by the signal, mid-stream too', async () => {
    await using random = await tinyModelFile({ seed: 7, endless: true });
    const nonsense = await local(random.path);
    const controller = new AbortController();
    const parts: StreamPart[] = [];
    for await (const part of nonsense.streamChat({
      messages: [{ role: 'user', content: 'go' }],
      maxTokens: 2000,
      signal: controller.signal,
    })) {
      parts.push(part);
      if (parts.length === 3) controller.abort();
    }
    const last = parts.at(-1)!;
    expect(last.type).toBe('error');
    expect(isModelError((last as { error: Error }).error, 'aborted')).toBe(true);
    const before = new AbortController();
    before.abort();
    const error = await failure(
      nonsense.chat({ messages: [{ role: 'user', content: 'go' }], signal: before.signal }),
    );
    expect(error.kind).toBe('aborted');
  });

  it('writes well-formed nonsense with random weights', async () => {
    await using random = await tinyModelFile({ seed: 3 });
    const nonsense = await local(random.path);
    const result = await nonsense.chat({ messages: [{ role: 'user', content: 'go' }], maxTokens: 40 });
    expect(typeof result.choices[0]!.text).toBe('string');
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(result.choices[0]!.finishReason);
  });

  it('says what is wrong with a truncated, damaged or foreign file', async () => {
    const truncated = join(fixture.dir, 'truncated.gguf');
    await writeTinyModel(truncated, { chatScript: 'abcdef' });
    await truncate(truncated, 100_000);
    const cut = await failure(local(truncated));
    expect(cut.kind).toBe('configuration');
    expect(cut.message).toMatch(/truncated: it has 100000 bytes, but its \d+ tensors end at byte \d+/);
    expect(cut.hint).toMatch(/download it again/);

    const header = join(fixture.dir, 'header.gguf');
    await writeTinyModel(header, { chatScript: 'abcdef' });
    await truncate(header, 5_000);
    expect((await failure(local(header))).message).toMatch(/truncated or damaged: its header runs past/);

    const zip = join(fixture.dir, 'model.zip.gguf');
    await writeFile(zip, Buffer.from('PK\u0003\u0004 not a model'));
    const foreign = await failure(local(zip));
    expect(foreign.message).toContain('is not a GGUF model file');
    expect(foreign.hint).toContain('GGUF');

    const missing = await failure(local(join(fixture.dir, 'nothing.gguf')));
    expect(missing.message).toContain('there is no model file at');
  });

  it('holds a JSON answer to the JSON grammar', async () => {
    // the scripted model would write a Markdown fence; the grammar only lets it open a JSON object
    const result = await model.chat({
      messages: [{ role: 'user', content: 'add' }],
      responseFormat: 'json',
      maxTokens: 12,
    });
    expect(result.choices[0]!.text.trimStart().startsWith('{')).toBe(true);
  });

  it('makes no embeddings', async () => {
    expect(model.capabilities.embed).toBe(false);
    expect((await failure(model.embed({ input: ['x'] }))).kind).toBe('unsupported');
  });
});
