export { assembleContext } from './assemble-context.js';
export type { RankedDefinition } from './code-candidates/index.js';
export { cursorWindow, readCursorFile } from './cursor-window.js';
export type { RankingWeights } from './definition-ranking.js';
export { FEATURE_INDEX, FIXED_WEIGHTS, RANKING_FEATURES } from './definition-ranking.js';
export { renderContextForPrompt } from './render-context.js';
export { clipToTokens, countTokens } from './tokens.js';
export type * from './types.js';
