import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFiles } from '../../test/support/temp-project.js';
import type { EmbedRequest, LanguageModel } from '../model/types.js';
import { embedChunks, hybridSearch, searchVectors } from './embeddings.js';
import { IndexStore } from './index-store.js';
import { refreshIndex } from './open-index.js';

const made: string[] = [];
const stores: IndexStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A scripted embedding model: each text becomes a vector of concept counts, where synonyms share a
 * concept — what a real embedding model gives and BM25 cannot.
 */
const CONCEPTS = [
  ['money', 'payment', 'pay', 'invoice', 'charge', 'billing'],
  ['user', 'account', 'login', 'customer'],
  ['file', 'disk', 'path', 'directory'],
];
function fakeEmbedder(calls: string[][]): LanguageModel {
  const embed = async (request: EmbedRequest) => {
    calls.push(request.input);
    return {
      embeddings: request.input.map((text) => {
        const words = text.toLowerCase().split(/[^a-z]+/);
        return CONCEPTS.map((concept) => words.filter((word) => concept.includes(word)).length + 0.01);
      }),
      usage: { inputTokens: undefined, outputTokens: undefined },
      model: 'concepts',
    };
  };
  const unsupported = () => {
    throw new Error('not scripted');
  };
  return {
    provider: 'fake',
    modelId: 'concepts',
    id: 'fake:concepts',
    location: 'local',
    capabilities: { chat: false, stream: false, fim: false, embed: true, json: false },
    chat: unsupported,
    streamChat: unsupported,
    fim: unsupported,
    embed,
  };
}

describe('embeddings', () => {
  it('embeds chunks once, finds by meaning, and fuses with BM25', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-embed-'));
    made.push(root);
    const files = {
      'billing.py':
        'def settle(invoice):\n    """Charge the card for an invoice."""\n    return invoice.charge()\n',
      'accounts.py': 'def sign_in(customer):\n    return customer.login()\n',
      'storage.py': 'def save(path):\n    return open(path).write("x")\n',
    };
    writeFiles(root, files);
    const store = IndexStore.open(root);
    stores.push(store);
    await refreshIndex({ root, store, poolThreshold: Number.POSITIVE_INFINITY });
    const calls: string[][] = [];
    const model = fakeEmbedder(calls);
    expect(await embedChunks(store, model)).toBe(3);
    expect(await embedChunks(store, model)).toBe(0); // already embedded
    expect(store.counts().embeddings).toBe(3);

    const semantic = await searchVectors(store, model, 'payment', { k: 1 });
    expect(semantic[0]?.path).toBe('billing.py');
    // BM25 alone finds nothing for a synonym; hybrid finds it through the vectors.
    expect(await hybridSearch(store, 'payment')).toEqual([]);
    const hybrid = await hybridSearch(store, 'payment', { embedModel: model, k: 2 });
    expect(hybrid[0]?.path).toBe('billing.py');
    const both = await hybridSearch(store, 'customer account', { embedModel: model, k: 3 });
    expect(both[0]?.path).toBe('accounts.py');
  });
});
