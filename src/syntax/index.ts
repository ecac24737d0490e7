/**
 * The public entry point of syntax/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */
export {
  type CursorWalker,
  captureRuntime,
  directWalkAvailable,
  usePublicCursor,
  walkTree,
} from './cursor-walk.js';
export { isTypeOnlyGap } from './grammar-gaps.js';
export type { SyntaxNode } from './parser.js';
export { firstSyntaxError, parse, parseWithin, syntaxErrors } from './parser.js';
