export { assembleContext } from './assemble-context.js';
export { renderContextForPrompt } from './render-context.js';
export { clipToTokens, countTokens } from './tokens.js';
export type * from './types.js';
