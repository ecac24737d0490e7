/**
 * The public entry point of eval/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */
export { loadBenchmark } from './benchmarks/index.js';
export { type Calibration, calibrationOf, type DeliveredRecord } from './calibration.js';
export { datasetFile, datasetsDir } from './datasets-dir.js';
export { createExecutor } from './executor.js';
export type { Benchmark } from './problem.js';
export type { Sample } from './samples.js';
export { readSamples } from './samples.js';
export type { ScoredSample } from './score.js';
export { scoreSamples } from './score.js';
export type { SelectionRecord } from './select-samples.js';
export { readTests, selectSamples } from './select-samples.js';
