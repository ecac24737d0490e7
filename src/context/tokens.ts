import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type KeptCounts, keptCount, keptCountsFile, readKeptCounts } from './kept-counts.js';
import { countWithTable, o200kTable, tokenizerIdentity } from './token-table.js';

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
  return countUpTo(text, Number.POSITIVE_INFINITY);
}

/**
 * The tokens of `text` when they are at most `limit`; otherwise some number above `limit` (the count of
 * a prefix of whole segments), found without counting the rest: a count that only decides whether a text
 * fits needs no more. Exact up to the limit, since the text is counted segment by segment where that is
 * exact (see `splitsPieces`), and a prefix of those segments never counts more than the whole.
 */
function countUpTo(text: string, limit: number): number {
  if (text.length === 0) return 0;
  const table = o200kTable();
  // Counted line by line where that gives the same count, each line's count kept: assembly counts the
  // same lines many times over (a line, then the window holding it, a snippet, then the whole prompt).
  let total = 0;
  let start = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at + 1 < text.length; at = text.indexOf('\n', at + 1)) {
    if (!splitsPieces(text, at + 1)) continue;
    total += segmentTokens(table, text.slice(start, at + 1));
    start = at + 1;
    if (total > limit) return total;
  }
  return total + segmentTokens(table, start === 0 ? text : text.slice(start));
}

/**
 * o200k_base splits text into pieces with a regular expression before merging bytes, and no piece of
 * `a + b` spans the point between them — so tokens(a + b) = tokens(a) + tokens(b) — when `a` ends with
 * a line feed and `b` starts neither with `/` nor with white space that reaches a line break. The pattern
 * has no lookbehind, so pieces from a position on depend only on the text from there; only three of its
 * alternatives can hold a line feed, and none of them runs past it into such a `b`: white space up to
 * line breaks (`\s*[\r\n]+`, which would swallow a following blank line), punctuation with the line
 * breaks and slashes after it (`[^\s\p{L}\p{N}]+[\r\n/]*`), and plain runs of white space (which
 * the first of these precedes). tokens.test.ts checks the counts on real and adversarial text.
 */
function splitsPieces(text: string, at: number): boolean {
  if (text.charCodeAt(at) === 0x2f) return false;
  LINE_BREAK_AHEAD.lastIndex = at;
  return !LINE_BREAK_AHEAD.test(text);
}

/** White space (any but line breaks), then a line break: matched at a position, never searched for. */
const LINE_BREAK_AHEAD = /[^\S\r\n]*[\r\n]/y;

const segments = new Map<string, number>();
/** enough for the lines of a few large files; a long-lived server starts over past it */
const SEGMENT_CACHE_SIZE = 50_000;
/** longer segments (a minified line) are counted each time rather than kept */
const CACHED_SEGMENT_LENGTH = 2_000;

function segmentTokens(table: ReturnType<typeof o200kTable>, segment: string): number {
  let tokens = segments.get(segment);
  if (tokens !== undefined) return tokens;
  if (segment.length <= CACHED_SEGMENT_LENGTH) {
    if (kept?.loaded) tokens = keptCount(kept.loaded, segment);
    if (tokens === undefined) {
      tokens = countWithTable(table, segment);
      kept?.fresh.set(segment, tokens);
    }
    if (segments.size >= SEGMENT_CACHE_SIZE) segments.clear();
    segments.set(segment, tokens);
    return tokens;
  }
  return countWithTable(table, segment);
}

/** segments kept on disk between processes, the most recently counted or used */
const KEPT_SEGMENTS = 16_000;

/** The counts file this process loaded (and will write back), and the segments it counted since. */
let kept: { file: string; identity: string; loaded?: KeptCounts; fresh: Map<string, number> } | undefined;

/** Where a workspace's line counts are kept: beside its index (`token-counts.bin` in the user's cache dir, never a repository's `.vouch/`: counts of 0 it shipped for its own lines made a budget send more). */
export function tokenCountsFile(indexFile: string): string {
  return join(dirname(indexFile), 'token-counts.bin');
}

/**
 * Loads the token counts of lines that earlier processes counted (a cold `vouch context` counts the
 * cursor's window, definitions, the repo map's lines and the whole prompt, ≈ 30 ms of a cold JIT's byte-
 * pair merges), for `saveTokenCounts` to extend later. A count is a function of the line's exact text and
 * of the tokenizer alone: the file is keyed by the text itself, under the tokenizer's identity (table,
 * split pattern, layout), so it can hold nothing stale about the workspace; another identity, another
 * format, a torn or corrupt file (a checksum covers it) is ignored, and rewritten by the next save
 * (kept-counts.ts). Nothing is parsed here: lines are looked up as counting meets them. Without a built
 * table (tests from src/) nothing is kept.
 */
export async function loadTokenCounts(file: string): Promise<void> {
  const identity = tokenizerIdentity();
  if (!identity || kept) return;
  kept = { file, identity, fresh: new Map() };
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return;
  }
  const loaded = readKeptCounts(bytes, identity);
  if (loaded) kept.loaded = loaded;
}

/**
 * Writes back the counts file `loadTokenCounts` read, when this process counted lines it did not hold:
 * the loaded ones and those, up to KEPT_SEGMENTS (the ones counted or used longest ago left out);
 * atomically (a temporary file renamed over it), so a reader, or another process writing at the same
 * time, never sees a torn file (of two writers at once, the last rename wins). A failure only costs the
 * next process the counting.
 */
export function saveTokenCounts(): void {
  if (!kept || kept.fresh.size === 0) return;
  const temporary = `${kept.file}.${process.pid}.tmp`;
  try {
    writeFileSync(
      temporary,
      keptCountsFile({
        previous: kept.loaded,
        fresh: kept.fresh,
        identity: kept.identity,
        cap: KEPT_SEGMENTS,
      }),
    );
    renameSync(temporary, kept.file);
    // the file of the format before, which nothing reads any more
    if (!kept.loaded) rmSync(join(dirname(kept.file), 'token-counts.json'), { force: true });
  } catch {
    rmSync(temporary, { force: true });
  }
  kept.fresh = new Map();
}

/**
 * Whether `text` has more than `maxTokens` tokens, tokenizing only when the length leaves it open: every
 * token covers at least one character, and rarely more than CHARS_PER_TOKEN_CEILING (long runs of spaces
 * aside), so a text longer than that many characters per token is taken to exceed.
 */
export function exceedsTokens(text: string, maxTokens: number): boolean {
  if (text.length <= maxTokens) return false;
  if (text.length > (maxTokens + 1) * CHARS_PER_TOKEN_CEILING) return true;
  return countUpTo(text, maxTokens) > maxTokens;
}

/** The longest prefix of whole lines of `text` that fits in `maxTokens` (from the end when `fromEnd`). */
export function clipToTokens(
  text: string,
  maxTokens: number,
  fromEnd = false,
): { text: string; tokens: number } {
  const ceiling = maxTokens * CHARS_PER_TOKEN_CEILING;
  if (text.length <= ceiling) {
    // Counted only as far as the limit: past it, the text is cut line by line below.
    const whole = countUpTo(text, maxTokens);
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
