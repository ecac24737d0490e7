import { countWithTable, o200kTable } from './token-table.js';

/**
 * A token of o200k_base rarely spans more than this many characters of code (long runs of spaces are the
 * exception), so text longer than `maxTokens × CHARS_PER_TOKEN_CEILING` is first cut by characters —
 * tokenizing a whole 80-line chunk to keep its first 150 tokens was most of the cost of assembly.
 */
const CHARS_PER_TOKEN_CEILING = 12;

/**
 * Tokens of `text` under o200k_base (GPT-4o and later), a real tokenizer: budgets measured with it are
 * within a few percent for other modern BPE vocabularies, unlike character-count estimates. Text that
 * contains special-token strings (`<|endoftext|>` in someone's source) is counted as plain text.
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return countWithTable(o200kTable(), text);
}

/**
 * Whether `text` has more than `maxTokens` tokens, tokenizing only when the length leaves it open: every
 * token covers at least one character, and rarely more than CHARS_PER_TOKEN_CEILING (long runs of spaces
 * aside), so a text longer than that many characters per token is taken to exceed.
 */
export function exceedsTokens(text: string, maxTokens: number): boolean {
  if (text.length <= maxTokens) return false;
  if (text.length > (maxTokens + 1) * CHARS_PER_TOKEN_CEILING) return true;
  return countTokens(text) > maxTokens;
}

/** The longest prefix of whole lines of `text` that fits in `maxTokens` (from the end when `fromEnd`). */
export function clipToTokens(
  text: string,
  maxTokens: number,
  fromEnd = false,
): { text: string; tokens: number } {
  const ceiling = maxTokens * CHARS_PER_TOKEN_CEILING;
  if (text.length <= ceiling) {
    const whole = countTokens(text);
    if (whole <= maxTokens) return { text, tokens: whole };
  }
  const lines = text.split('\n');
  if (fromEnd) lines.reverse();
  const kept: string[] = [];
  let tokens = 0;
  let chars = 0;
  for (const line of lines) {
    // Lines far past what can fit are never tokenized.
    chars += line.length + 1;
    if (chars > ceiling + CHARS_PER_TOKEN_CEILING) break;
    const cost = countTokens(`${line}\n`);
    if (tokens + cost > maxTokens) break;
    kept.push(line);
    tokens += cost;
  }
  if (fromEnd) kept.reverse();
  return { text: kept.join('\n'), tokens };
}
