/**
 * The public entry point of server/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */

export type { RateLimiter } from './rate-limit.js';
export { createRateLimiter, createSharedRateLimiter } from './rate-limit.js';
