/**
 * The public entry point of store/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */
export { openServerStore } from './record/open-server-store.js';
