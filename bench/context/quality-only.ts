/**
 * Retrieval quality alone (no timings), for trying changes quickly:
 * `node --import tsx bench/context/quality-only.ts [offset]` — offset 0 is the recorded sample; others
 * are disjoint samples of the same size, to check a change does not fit the recorded one only.
 */
import { IndexStore, refreshIndex } from '../../src/index/index.js';
import { djangoCorpus } from './corpus.js';
import { findTasks, measureQuality } from './quality.js';

const offset = Number(process.argv[2] ?? 0);
const django = djangoCorpus();
const store = IndexStore.open(django);
await refreshIndex({ root: django, store });
const tasks = findTasks(store, django, 200, offset);
for (const config of [
  { label: 'BM25 alone', useSymbolGraph: false, repoMapTokens: 0 },
  { label: 'BM25 + symbol graph', useSymbolGraph: true, repoMapTokens: 0 },
]) {
  const result = await measureQuality(store, django, tasks, config);
  process.stdout.write(
    `offset ${offset} · ${config.label}: ${result.full.toFixed(3)} of ${result.targets} definitions (${tasks.length} tasks)\n`,
  );
}
store.close();
