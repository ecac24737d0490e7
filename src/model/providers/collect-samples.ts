import type { GenerateResult } from '../types.js';
import { addUsage } from '../usage.js';

/**
 * Asks for `n` samples, topping up with further calls when a server returns fewer (llama.cpp's and some
 * proxies' OpenAI endpoints ignore `n`), so `choices.length === n` always holds. Usage is summed.
 */
export async function collectSamples(
  n: number,
  call: (remaining: number) => Promise<GenerateResult>,
): Promise<GenerateResult> {
  let result: GenerateResult | undefined;
  while (result === undefined || result.choices.length < n) {
    const remaining = n - (result?.choices.length ?? 0);
    const next = await call(remaining);
    result =
      result === undefined
        ? next
        : {
            choices: [...result.choices, ...next.choices],
            usage: addUsage(result.usage, next.usage),
            model: result.model,
          };
  }
  return { ...result, choices: result.choices.slice(0, n) };
}
