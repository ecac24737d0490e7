import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * Tokens of `text` under o200k_base (GPT-4o and later), a real tokenizer: budgets measured with it are
 * within a few percent for other modern BPE vocabularies, unlike character-count estimates. Text that
 * contains special-token strings (`<|endoftext|>` in someone's source) is counted as plain text.
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return countO200k(text, { disallowedSpecial: new Set(), allowedSpecial: new Set() });
}

/** The longest prefix of whole lines of `text` that fits in `maxTokens` (from the end when `fromEnd`). */
export function clipToTokens(
  text: string,
  maxTokens: number,
  fromEnd = false,
): { text: string; tokens: number } {
  const whole = countTokens(text);
  if (whole <= maxTokens) return { text, tokens: whole };
  const lines = text.split('\n');
  if (fromEnd) lines.reverse();
  const kept: string[] = [];
  let tokens = 0;
  for (const line of lines) {
    const cost = countTokens(`${line}\n`);
    if (tokens + cost > maxTokens) break;
    kept.push(line);
    tokens += cost;
  }
  if (fromEnd) kept.reverse();
  return { text: kept.join('\n'), tokens };
}
