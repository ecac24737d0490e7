/**
 * The public entry point of verify/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */
export { importsCheck } from './checks/imports.js';
export { syntaxCheck } from './checks/syntax.js';
export { typesCheck } from './checks/types.js';
export { WarmImportProbe } from './checks/warm-import-probe.js';
export { createWarmPool, runInSandbox, sandboxAvailability } from './sandbox/index.js';
