/**
 * The public entry point of index/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */
export { analyzeFile, setTagsExtraction, tagsExtractionCounts } from './analyze-file.js';
export { BUILTIN_NAMES } from './builtin-names.js';
export { embedChunks } from './embeddings.js';
export type { FileWrite } from './index-store.js';
export { IndexStore, indexPath } from './index-store.js';
export { refreshIndex } from './open-index.js';
export { searchChunks } from './search.js';
export { SqliteIndexStore } from './sqlite-index-store.js';
export { updateIndex } from './update-index.js';
