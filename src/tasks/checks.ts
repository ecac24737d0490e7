import type { Check } from '../verify/check.js';

/**
 * Every check a suggestion goes through, in the order they run: cheap static checks first, the sandboxed
 * ones after. One list, used by `generate`, `chat` and `vouch check`.
 */
export function defaultChecks(): Check[] {
  return [];
}
