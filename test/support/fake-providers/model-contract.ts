import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RetryEvent } from '../../../src/model/http/retry.js';
import { isModelError, type ModelError } from '../../../src/model/model-error.js';
import type { LanguageModel, StreamPart } from '../../../src/model/types.js';
import { type FakeProviders, startFakeProviders } from './fake-providers.js';

/** What the contract suite needs to know about one adapter. */
export interface ContractTarget {
  name: string;
  /** the fake server's paths this adapter calls */
  routes: { chat: string; fim: string; embed?: string };
  /** the base URL the adapter is configured with, given the fake server's root URL */
  baseUrl(server: FakeProviders): string;
  create(options: ContractModelOptions): LanguageModel;
  /** reads the sampling options back out of an outgoing request body */
  readSampling(body: Record<string, unknown>): {
    temperature?: unknown;
    maxTokens?: unknown;
    stop?: unknown;
    seed?: unknown;
    json?: boolean;
  };
  /** the API takes `n` in one request; otherwise the adapter makes n requests */
  nativeN: boolean;
  supportsSeed: boolean;
  supportsJson: boolean;
  supportsEmbed: boolean;
  /** the adapter needs a key (the fake then rejects others with the provider's real 401) */
  apiKey?: string;
  /**
   * the kind a 400 "prompt too long" becomes: `context-length` wherever the provider's code or its known
   * wording says so (every adapter today); `bad-request` for a provider whose wording vouch cannot read
   */
  contextLengthKind?: 'context-length' | 'bad-request';
}

export interface ContractModelOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  retry: { maxRetries: number; initialDelayMs: number; maxDelayMs: number; maxTotalWaitMs: number };
  onRetry?: (event: RetryEvent) => void;
}

const FAST_RETRY = { maxRetries: 2, initialDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 2_000 };
const NO_RETRY = { ...FAST_RETRY, maxRetries: 0 };

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

async function rejection(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    if (isModelError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** 'still pending' after `ms`: the loser of a race against a call that should have ended */
function settledWithin(ms: number): Promise<'still pending'> {
  return new Promise((resolve) => setTimeout(() => resolve('still pending'), ms).unref());
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const messages = [
  { role: 'system' as const, content: 'You write Python.' },
  { role: 'user' as const, content: 'Write add(a, b).' },
];

/** The one suite every adapter passes: call it from the adapter's test file with its target. */
export function defineModelContract(target: ContractTarget): void {
  describe(`${target.name} adapter contract`, () => {
    let server: FakeProviders;
    const model = (overrides: Partial<ContractModelOptions> = {}) =>
      target.create({
        baseUrl: target.baseUrl(server),
        apiKey: target.apiKey,
        retry: FAST_RETRY,
        ...overrides,
      });

    beforeAll(async () => {
      server = await startFakeProviders({ apiKey: target.apiKey });
    });
    afterAll(() => server.close());
    beforeEach(() => server.reset());

    it('chats: text, finish reason, usage and model', async () => {
      server.script(target.routes.chat, {
        text: 'def add(a, b):\n    return a + b',
        usage: { input: 21, output: 9 },
      });
      const result = await model().chat({ messages });
      expect(result.choices).toEqual([{ text: 'def add(a, b):\n    return a + b', finishReason: 'stop' }]);
      expect(result.usage).toEqual({ inputTokens: 21, outputTokens: 9 });
      expect(result.model).toBeTruthy();
      expect(server.requestsTo(target.routes.chat)).toHaveLength(1);
      const sent = JSON.stringify(server.requestsTo(target.routes.chat)[0]!.body);
      expect(sent).toContain('You write Python.');
      expect(sent).toContain('Write add(a, b).');
    });

    it('streams deltas and ends with finish and usage', async () => {
      server.script(target.routes.chat, {
        deltas: ['def ', 'add', '(a, b)'],
        usage: { input: 5, output: 3 },
      });
      const parts = await collect(model().streamChat({ messages }));
      const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
      expect(text).toBe('def add(a, b)');
      const last = parts.at(-1);
      expect(last).toMatchObject({
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: 5, outputTokens: 3 },
      });
      expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
    });

    it('refuses to stream several answers instead of silently streaming one', async () => {
      const thrown = await rejection(collect(model().streamChat({ messages, n: 2 })));
      expect(thrown.kind).toBe('unsupported');
      expect(thrown.hint).toMatch(/chat\(\)/);
      expect(server.requestsTo(target.routes.chat)).toHaveLength(0);
    });

    it('fills in the middle', async () => {
      server.script(target.routes.fim, { text: '    return a + b' });
      const result = await model().fim({ prefix: 'def add(a, b):\n', suffix: '\n\nprint(add(1, 2))\n' });
      expect(result.choices[0]!.text).toBe('    return a + b');
      const sent = JSON.stringify(server.requestsTo(target.routes.fim)[0]!.body);
      expect(sent).toContain('def add(a, b):');
      expect(sent).toContain('print(add(1, 2))');
    });

    if (target.supportsEmbed) {
      it('embeds, one vector per input in order', async () => {
        server.script(target.routes.embed!, {
          embeddings: [
            [1, 0],
            [0, 1],
          ],
        });
        const result = await model().embed({ input: ['alpha', 'beta'] });
        expect(result.embeddings).toEqual([
          [1, 0],
          [0, 1],
        ]);
      });
    } else {
      it('refuses embeddings with an unsupported error', async () => {
        const error = await rejection(model().embed({ input: ['alpha'] }));
        expect(error.kind).toBe('unsupported');
        expect(error.isRetryable).toBe(false);
        expect(server.requests).toHaveLength(0);
      });
    }

    it('returns n samples and sums usage', async () => {
      if (target.nativeN)
        server.script(target.routes.chat, { choices: ['a', 'b', 'c'], usage: { input: 10, output: 3 } });
      else
        server.script(
          target.routes.chat,
          ...['a', 'b', 'c'].map((text) => ({ text, usage: { input: 10, output: 1 } })),
        );
      const result = await model().chat({ messages, n: 3 });
      expect(result.choices.map((choice) => choice.text)).toEqual(['a', 'b', 'c']);
      expect(server.requestsTo(target.routes.chat)).toHaveLength(target.nativeN ? 1 : 3);
      expect(result.usage).toEqual(
        target.nativeN ? { inputTokens: 10, outputTokens: 3 } : { inputTokens: 30, outputTokens: 3 },
      );
    });

    it('passes temperature, max tokens, stop, seed and JSON mode through', async () => {
      await model().chat({
        messages,
        temperature: 0.2,
        maxTokens: 77,
        stop: ['\n\n'],
        seed: 42,
        responseFormat: 'json',
      });
      const body = server.requestsTo(target.routes.chat)[0]!.body as Record<string, unknown>;
      const sampling = target.readSampling(body);
      expect(sampling.temperature).toBe(0.2);
      expect(sampling.maxTokens).toBe(77);
      expect(sampling.stop).toEqual(['\n\n']);
      if (target.supportsSeed) expect(sampling.seed).toBe(42);
      if (target.supportsJson) expect(sampling.json).toBe(true);
    });

    it('aborts a request in flight at once', async () => {
      // The server never answers and the model's timeout is beyond the test's, so nothing but the abort can
      // end the call. No tight wall-clock bound (a loaded runner took seconds to schedule the call): the
      // call ends `aborted` within a generous 30 s, and the server sees the connection closed, not left
      // open behind a settled promise.
      server.script(target.routes.chat, { kind: 'fault', fault: 'hang' });
      const controller = new AbortController();
      const call = rejection(model({ timeoutMs: 600_000 }).chat({ messages, signal: controller.signal }));
      await expect.poll(() => server.requestsTo(target.routes.chat)).toHaveLength(1);
      const request = server.requestsTo(target.routes.chat)[0]!;
      expect(request.abandonedAt).toBeUndefined();
      controller.abort();
      const error = await Promise.race([call, settledWithin(30_000)]);
      expect(error, 'the abort did not end the call').not.toBe('still pending');
      expect((error as ModelError).kind).toBe('aborted');
      await expect.poll(() => request.abandonedAt).toBeDefined();
      expect(server.requestsTo(target.routes.chat)).toHaveLength(1);
    });

    it('aborts a stream mid-way with an error part', async () => {
      // five events reach at least one delta in every protocol (Anthropic opens with three without text)
      const deltas = ['one ', 'two ', 'three ', 'four ', 'five ', 'six ', 'seven'];
      server.script(target.routes.chat, { deltas, fault: 'stall', cutAfter: 5 });
      const controller = new AbortController();
      const parts: StreamPart[] = [];
      for await (const part of model().streamChat({ messages, signal: controller.signal })) {
        parts.push(part);
        if (part.type === 'text-delta') controller.abort();
      }
      const last = parts.at(-1)!;
      expect(last.type).toBe('error');
      expect(isModelError(last.type === 'error' ? last.error : undefined, 'aborted')).toBe(true);
    });

    it('times out on a slow first byte', async () => {
      server.script(target.routes.chat, { text: 'late', delayMs: 1_000 });
      const error = await rejection(model({ retry: NO_RETRY, timeoutMs: 150 }).chat({ messages }));
      expect(error.kind).toBe('timeout');
      expect(error.isRetryable).toBe(true);
    });

    it('times out a stalled stream with an error part', async () => {
      server.script(target.routes.chat, { deltas: ['a', 'b', 'c', 'd'], fault: 'stall', cutAfter: 3 });
      const parts = await collect(model({ retry: NO_RETRY, timeoutMs: 200 }).streamChat({ messages }));
      const last = parts.at(-1)!;
      expect(last.type).toBe('error');
      expect(isModelError(last.type === 'error' ? last.error : undefined, 'timeout')).toBe(true);
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
    });

    it('retries a 429, honouring Retry-After', async () => {
      const retries: RetryEvent[] = [];
      server.script(
        target.routes.chat,
        { kind: 'error', error: 'rate-limit', retryAfter: '0.05' },
        { text: 'after the wait' },
      );
      const result = await model({ onRetry: (event) => retries.push(event) }).chat({ messages });
      expect(result.choices[0]!.text).toBe('after the wait');
      expect(server.requestsTo(target.routes.chat)).toHaveLength(2);
      expect(retries).toHaveLength(1);
      expect(retries[0]!.delayMs).toBe(50);
      expect(retries[0]!.error.kind).toBe('rate-limit');
    });

    for (const [error, kind] of [
      ['authentication', 'authentication'],
      ['permission', 'permission'],
      ['context-length', target.contextLengthKind ?? 'context-length'],
    ] as const) {
      it(`does not retry ${error}`, async () => {
        server.script(target.routes.chat, { kind: 'error', error }, { text: 'must not be reached' });
        const thrown = await rejection(model().chat({ messages }));
        expect(thrown.kind).toBe(kind);
        expect(thrown.isRetryable).toBe(false);
        expect(thrown.hint).toBeTruthy();
        expect(server.requestsTo(target.routes.chat)).toHaveLength(1);
      });
    }

    it('retries a server error', async () => {
      server.script(target.routes.chat, { kind: 'error', error: 'server' }, { text: 'recovered' });
      const result = await model().chat({ messages });
      expect(result.choices[0]!.text).toBe('recovered');
      expect(server.requestsTo(target.routes.chat)).toHaveLength(2);
    });

    it('ends a stream cut off mid-way with a typed error part', async () => {
      server.script(target.routes.chat, {
        deltas: ['one ', 'two ', 'three ', 'four'],
        fault: 'cut',
        cutAfter: 3,
      });
      const parts = await collect(model().streamChat({ messages }));
      const last = parts.at(-1)!;
      expect(last.type).toBe('error');
      expect(isModelError(last.type === 'error' ? last.error : undefined)).toBe(true);
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
    });

    it('reports malformed JSON as a malformed response', async () => {
      server.script(target.routes.chat, { kind: 'fault', fault: 'malformed-json' });
      const error = await rejection(model().chat({ messages }));
      expect(error.kind).toBe('malformed-response');
    });

    it('names the URL when nothing listens', async () => {
      const port = await closedPort();
      const url = target.baseUrl(server).replace(/:\d+/, `:${port}`);
      const error = await rejection(model({ baseUrl: url, retry: NO_RETRY }).chat({ messages }));
      expect(error.kind).toBe('network');
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(error.hint).toBeTruthy();
    });

    if (target.apiKey) {
      it('never puts the API key in an error', async () => {
        const secret = 'sk-wrong-key-0123456789abcdefghij';
        const error = await rejection(model({ apiKey: secret }).chat({ messages }));
        expect(error.kind).toBe('authentication');
        const everything = `${error.message} ${error.hint} ${error.url} ${error.responseBody} ${String(error)} ${JSON.stringify(error)}`;
        expect(everything).not.toContain(secret);
        expect(JSON.stringify(server.requests)).not.toContain(secret);
      });
    }
  });
}
