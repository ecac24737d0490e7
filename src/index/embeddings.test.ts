import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import type { EmbedRequest, LanguageModel } from '../model/types.js';
import { embedChunks, hybridSearch, searchVectors } from './embeddings.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

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
    const files = {
      'billing.py':
        'def settle(invoice):\n    """Charge the card for an invoice."""\n    return invoice.charge()\n',
      'accounts.py': 'def sign_in(customer):\n    return customer.login()\n',
      'storage.py': 'def save(path):\n    return open(path).write("x")\n',
    };
    const root = fixtures.project('vouch-embed-', files);
    const store = await fixtures.indexed(root);
    const calls: string[][] = [];
    const model = fakeEmbedder(calls);
    expect(await embedChunks(store, model)).toBe(3);
    expect(await embedChunks(store, model)).toBe(0); // already embedded
    expect(store.counts().embeddings).toBe(3);

    const semantic = await searchVectors({ store, model, query: 'payment', options: { k: 1 } });
    expect(semantic[0]?.path).toBe('billing.py');
    // BM25 alone finds nothing for a synonym; hybrid finds it through the vectors.
    expect(await hybridSearch(store, 'payment')).toEqual([]);
    const hybrid = await hybridSearch(store, 'payment', { embedModel: model, k: 2 });
    expect(hybrid[0]?.path).toBe('billing.py');
    const both = await hybridSearch(store, 'customer account', { embedModel: model, k: 3 });
    expect(both[0]?.path).toBe('accounts.py');
  });
});
