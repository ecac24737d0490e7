import type { Usage } from './types.js';

export const NO_USAGE: Usage = { inputTokens: undefined, outputTokens: undefined };

function addCount(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a + b;
}

/** Usage over several calls (samples made one by one, a filled-up `n`): unknown stays unknown only if all are. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: addCount(a.inputTokens, b.inputTokens),
    outputTokens: addCount(a.outputTokens, b.outputTokens),
  };
}
