/**
 * The public entry point of core/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */
export type { CheckResult, Finding } from './check.js';
export { failingAt } from './check.js';
export type { LanguageId } from './languages.js';
export { LANGUAGES, languageForPath } from './languages.js';
