import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import { encode, graphCachePath, readGraphCache } from './graph-cache.js';
import { refreshIndex } from './open-index.js';
import { buildReferenceGraph, loadReferenceGraph } from './reference-graph.js';
import { rankDefinitions } from './repo-map.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const files: Record<string, string> = {
  'shop/models.py':
    'class Order:\n    def total_price(self):\n        return 1\n\nclass Café:\n    """naïve ☕"""\n',
  'shop/views.py':
    'from shop.models import Order\n\ndef order_view(request):\n    return Order().total_price()\n',
  'shop/admin.py': 'from shop.models import Order, Café\n\ndef register_all():\n    return [Order, Café]\n',
};

describe('the reference graph cache beside the index', () => {
  it('reads back exactly the graph it was written from, and ranks the same', async () => {
    const store = await fixtures.indexed(fixtures.project('vouch-graph-cache-', files));
    const loaded = loadReferenceGraph(store); // built from the rows, and the file written
    expect(loaded.generation).toBe(store.graphGeneration());
    const read = readGraphCache(store.location!, loaded.generation);
    expect(read).toBeDefined();
    expect(read).toEqual(buildReferenceGraph(store.graphRows()));
    expect(rankDefinitions(store, { focusFiles: ['shop/views.py'] }).map((d) => d.name)).toContain('Order');
  });

  it('is not used for another generation, and the generation moves with every change to a file', async () => {
    const root = fixtures.project('vouch-graph-cache-', files);
    const store = await fixtures.indexed(root);
    const before = store.graphGeneration();
    loadReferenceGraph(store);
    expect(readGraphCache(store.location!, before)).toBeDefined();
    // A file saved again with the same content (a new mtime only) leaves the generation, and the cache, as is.
    writeFileSync(`${root}/shop/views.py`, readFileSync(`${root}/shop/views.py`));
    utimesSync(`${root}/shop/views.py`, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    await refreshIndex({ root, store, poolThreshold: Number.POSITIVE_INFINITY });
    expect(store.graphGeneration()).toBe(before);
    writeFileSync(`${root}/shop/views.py`, 'def other_view():\n    return 2\n');
    await refreshIndex({ root, store, poolThreshold: Number.POSITIVE_INFINITY });
    const after = store.graphGeneration();
    expect(after).not.toBe(before);
    expect(readGraphCache(store.location!, after)).toBeUndefined();
    // Loading now rebuilds it for the new generation: order_view is gone, other_view is there.
    const graph = loadReferenceGraph(store);
    const names = Array.from({ length: graph.names.length }, (_, id) => graph.names.get(id));
    expect(names).toContain('other_view');
    expect(names).not.toContain('order_view');
    expect(readGraphCache(store.location!, after)).toBeDefined();
  });

  it('reads a damaged file as no cache: every byte flipped in turn, or cut short anywhere', async () => {
    const store = await fixtures.indexed(fixtures.project('vouch-graph-cache-', files));
    const graph = buildReferenceGraph(store.graphRows());
    const good = encode(graph);
    const path = graphCachePath(store.location!);
    for (let at = 0; at < good.length; at += Math.max(1, Math.floor(good.length / 200))) {
      const bad = Buffer.from(good);
      bad[at]! ^= 0x55;
      writeFileSync(path, bad);
      expect(readGraphCache(store.location!, graph.generation), `byte ${at}`).toBeUndefined();
      writeFileSync(path, good.subarray(0, at));
      expect(readGraphCache(store.location!, graph.generation), `cut at ${at}`).toBeUndefined();
    }
    writeFileSync(path, good);
    expect(readFileSync(path).equals(good)).toBe(true);
    expect(readGraphCache(store.location!, graph.generation)).toEqual(graph);
  });
});
