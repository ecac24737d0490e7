/**
 * The public entry point of workspace/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */
export { listWorkspaceFiles } from './files.js';
export { findWorkspaceRoot } from './root.js';
export { decodeSource } from './source-text.js';
