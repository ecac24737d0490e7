/**
 * o200k_base's vocabulary as one flat hash table over token bytes, so a process counts tokens without
 * first building a 200,000-entry Map: gpt-tokenizer's encoding costs about 250 ms of CPU to load (a
 * 2.4 MB module of strings, then the Map), this table a read of one file. The table is made from
 * gpt-tokenizer's own ranks — at build time into `dist/context/o200k_base.table`, or in memory when that
 * file is missing (tests from src/) — and the counting below is the same byte-pair merge, so counts are
 * identical (src/context/token-table.test.ts compares them on real code and odd text).
 *
 * Layout (little-endian uint32 words): magic, token count N, slot count S (a power of two),
 * byte-blob length B; then N+1 offsets into the blob (tokens by rank), then S slots (rank + 1, or 0 when
 * empty; open addressing, linear probing, FNV-1a over the token's bytes), then the blob, then N bytes
 * saying which of gpt-tokenizer's lists holds each token (1: strings, 0: byte arrays).
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, existsSync, fstatSync, openSync, read, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** "o2k" and the layout's version: a table from another layout is not read. */
const MAGIC = 0x6f326b02;
const HEADER_WORDS = 4;

export interface TokenTable {
  /**
   * the rank of the token with exactly bytes[start, end), or -1, among gpt-tokenizer's tokens kept as
   * strings (`textRank`) or as byte arrays (`byteRank`): two lists, two methods, no flag to pass
   */
  textRank(bytes: Uint8Array, start: number, end: number): number;
  byteRank(bytes: Uint8Array, start: number, end: number): number;
}

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) {
    hash ^= bytes[index]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The table's bytes from gpt-tokenizer's rank list (strings, or byte arrays for tokens that are not UTF-8). */
export function buildTokenTable(ranks: readonly (string | number[])[]): Uint8Array {
  const encoder = new TextEncoder();
  const tokens = ranks.map((token) =>
    typeof token === 'string' ? encoder.encode(token) : Uint8Array.from(token),
  );
  const blobLength = tokens.reduce((sum, token) => sum + token.length, 0);
  let slots = 1;
  while (slots < tokens.length * 2) slots *= 2;
  const words = HEADER_WORDS + tokens.length + 1 + slots;
  const out = new Uint8Array(words * 4 + blobLength + tokens.length);
  const view = new Uint32Array(out.buffer, 0, words);
  view[0] = MAGIC;
  view[1] = tokens.length;
  view[2] = slots;
  view[3] = blobLength;
  const blob = out.subarray(words * 4);
  let offset = 0;
  for (const [rank, token] of tokens.entries()) {
    view[HEADER_WORDS + rank] = offset;
    blob.set(token, offset);
    offset += token.length;
    let slot = fnv1a(token, 0, token.length) & (slots - 1);
    while (view[HEADER_WORDS + tokens.length + 1 + slot] !== 0) slot = (slot + 1) & (slots - 1);
    view[HEADER_WORDS + tokens.length + 1 + slot] = rank + 1;
  }
  view[HEADER_WORDS + tokens.length] = offset;
  // Which list each token is in (1: a string), after the blob.
  const kinds = out.subarray(words * 4 + blobLength);
  for (const [rank, token] of ranks.entries()) kinds[rank] = typeof token === 'string' ? 1 : 0;
  return out;
}

/**
 * `bytes` where typed arrays of 32-bit words can be laid over them: as they are when they start on a word
 * boundary, else a copy (a Buffer read from a file may sit anywhere in Node's pool; a Buffer's own
 * slice() would be a view at the same offset).
 */
export function wordAligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
}

/** A table over the bytes `buildTokenTable` made (read from a file or built now). */
export function openTokenTable(bytes: Uint8Array): TokenTable {
  const data = wordAligned(bytes);
  const header = new Uint32Array(data.buffer, data.byteOffset, HEADER_WORDS);
  if (header[0] !== MAGIC) throw new Error('not an o200k_base token table');
  const count = header[1]!;
  const slotCount = header[2]!;
  const words = HEADER_WORDS + count + 1 + slotCount;
  const offsets = new Uint32Array(data.buffer, data.byteOffset + HEADER_WORDS * 4, count + 1);
  const slots = new Uint32Array(data.buffer, data.byteOffset + (HEADER_WORDS + count + 1) * 4, slotCount);
  const blobLength = header[3]!;
  if (data.length !== words * 4 + blobLength + count) throw new Error('a token table of the wrong length');
  const blob = data.subarray(words * 4, words * 4 + blobLength);
  const kinds = data.subarray(words * 4 + blobLength);
  const mask = slotCount - 1;
  // one lookup per list: the list's kind is closed over rather than passed on every call of a hot loop
  const lookup =
    (kind: number) =>
    (bytes: Uint8Array, start: number, end: number): number => {
      const length = end - start;
      let slot = fnv1a(bytes, start, end) & mask;
      for (;;) {
        const entry = slots[slot]!;
        if (entry === 0) return -1;
        const rank = entry - 1;
        const at = offsets[rank]!;
        if (kinds[rank] === kind && offsets[rank + 1]! - at === length) {
          let same = true;
          for (let index = 0; index < length; index++) {
            if (blob[at + index] !== bytes[start + index]) {
              same = false;
              break;
            }
          }
          if (same) return rank;
        }
        slot = (slot + 1) & mask;
      }
    };
  return { textRank: lookup(1), byteRank: lookup(0) };
}

const TABLE_FILE = new URL('./o200k_base.table', import.meta.url);
const require = createRequire(import.meta.url);

let table: TokenTable | undefined;
let preloading: Promise<void> | undefined;

/**
 * Starts reading the table on libuv's thread pool, for a process that will count soon (a cold `vouch
 * context`): the 4 MB read (≈ 5 ms, most of it the kernel filling fresh pages) then leaves the main
 * thread. `o200kTable` takes the table from it once read, and reads it itself if asked before.
 */
export function preloadTokenTable(): void {
  if (table || preloading) return;
  preloading = readWhole(TABLE_FILE).then(
    (bytes) => {
      try {
        table ??= openTokenTable(bytes);
      } catch {
        // from an older build: o200kTable makes it in memory
      }
    },
    () => {},
  );
}

/**
 * A file in one read on the thread pool (opened and sized here, a few microseconds). `readFile` from
 * `fs/promises` reads 512 kB at a time, each piece waiting for a turn of the event loop: a cold `vouch
 * context` keeps its main thread busy, so the table was still being read when the first count came,
 * which read all of it again on the main thread (≈ 15 ms in a profile).
 */
function readWhole(file: URL): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let fd: number;
    let size: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      reject(error);
      return;
    }
    try {
      size = fstatSync(fd).size;
    } catch (error) {
      closeSync(fd);
      reject(error);
      return;
    }
    const bytes = Buffer.allocUnsafe(size);
    const readFrom = (offset: number) =>
      read(fd, bytes, offset, size - offset, offset, (error, count) => {
        if (!error && count > 0 && offset + count < size) {
          readFrom(offset + count);
          return;
        }
        closeSync(fd);
        if (error) reject(error);
        else if (offset + count < size) reject(new Error(`${file.pathname} ended early`));
        else resolve(bytes);
      });
    readFrom(0);
  });
}

/**
 * What a count depends on, as a string: the table file built next to this module (its size and mtime, so
 * a rebuild of the table starts over), the split pattern and the layout's version. Undefined when there
 * is no table file (tests from src/, where the table is made in memory): counts are then not kept on disk.
 */
export function tokenizerIdentity(): string | undefined {
  try {
    const stat = statSync(TABLE_FILE);
    const pattern = new TextEncoder().encode(O200K_SPLIT_PATTERN);
    return `o200k_base ${MAGIC} ${stat.size} ${stat.mtimeMs} ${pattern.length} ${fnv1a(pattern, 0, pattern.length)}`;
  } catch {
    return undefined;
  }
}

/**
 * The vocabulary: the table built next to this module (`npm run build`), else made now from
 * gpt-tokenizer's ranks (loaded synchronously, as callers count synchronously).
 */
export function o200kTable(): TokenTable {
  if (table) return table;
  if (existsSync(TABLE_FILE)) {
    try {
      table = openTokenTable(readFileSync(TABLE_FILE));
      return table;
    } catch {
      // from an older build: made again below, in memory
    }
  }
  const ranks = (require('gpt-tokenizer/cjs/bpeRanks/o200k_base') as { default: (string | number[])[] })
    .default;
  table = openTokenTable(buildTokenTable(ranks));
  return table;
}

/**
 * Whether `text` has a lone surrogate: no token's string does, so gpt-tokenizer never matches it whole;
 * nor does it survive UTF-8 (it reads back as U+FFFD).
 */
export function hasLoneSurrogate(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
      else return true;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(1024);
const starts: number[] = [];
const ranks: number[] = [];

/** How many tokens `piece` (one match of the split pattern) takes: one when it is a token, else merged. */
function pieceTokens(vocabulary: TokenTable, piece: string): number {
  if (scratch.length < piece.length * 3) scratch = new Uint8Array(piece.length * 3);
  const length = encoder.encodeInto(piece, scratch).written;
  const bytes = scratch;
  // The whole piece is looked up as a string, among the tokens kept as strings.
  if (!hasLoneSurrogate(piece) && vocabulary.textRank(bytes, 0, length) >= 0) return 1;
  if (length === 1) return 1;
  // Byte-pair merge: repeatedly join the adjacent pair whose joined bytes have the lowest rank.
  const pairRank = (index: number): number => {
    const end = starts[index + 2];
    if (end === undefined) return Number.POSITIVE_INFINITY;
    let start = starts[index]!;
    // gpt-tokenizer looks a run of bytes up as a string when it is valid UTF-8 (decoded by a TextDecoder,
    // which drops a leading byte-order mark), else among its tokens kept as bytes: the same here, so
    // that counts stay exactly what they were.
    let ascii = true;
    for (let at = start; at < end; at++) {
      if (bytes[at]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    const valid = ascii || isUtf8(bytes.subarray(start, end));
    if (valid && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) {
      start += 3;
      if (start === end) return Number.POSITIVE_INFINITY;
    }
    const rank = valid ? vocabulary.textRank(bytes, start, end) : vocabulary.byteRank(bytes, start, end);
    return rank < 0 ? Number.POSITIVE_INFINITY : rank;
  };
  starts.length = 0;
  ranks.length = 0;
  for (let index = 0; index <= length; index++) starts.push(index);
  for (let index = 0; index <= length; index++)
    ranks.push(index < length - 1 ? pairRank(index) : Number.POSITIVE_INFINITY);
  while (starts.length > 1) {
    let lowest = Number.POSITIVE_INFINITY;
    let at = -1;
    for (let index = 0; index < ranks.length - 1; index++) {
      if (ranks[index]! < lowest) {
        lowest = ranks[index]!;
        at = index;
      }
    }
    if (at === -1) break;
    starts.splice(at + 1, 1);
    ranks.splice(at, 1);
    ranks[at] = pairRank(at);
    if (at > 0) ranks[at - 1] = pairRank(at - 1);
  }
  return starts.length - 1;
}

/**
 * o200k_base's split pattern, as gpt-tokenizer writes it (`O200K_TOKEN_SPLIT_PATTERN`, flags `gu`;
 * token-table.test.ts compares the two). Written out here because gpt-tokenizer's module builds three
 * Unicode patterns when loaded, and a Unicode pattern costs a cold process ≈ 11 ms before its first
 * pieces: ≈ 3.5 ms to build (its property classes from ICU), then compiling at the first match and again
 * when V8 turns it into machine code.
 */
const CONTRACTION = "(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?";
export const O200K_SPLIT_PATTERN = [
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${CONTRACTION}`,
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${CONTRACTION}`,
  String.raw`\p{N}{1,3}`,
  String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
  String.raw`\s*[\r\n]+`,
  String.raw`\s+(?!\S)`,
  String.raw`\s+`,
].join('|');
/** The pattern, made at the first text with a character `PLAIN_SPLIT` cannot take. */
let unicodeSplit: RegExp | undefined;
/**
 * The same pattern with no Unicode classes (built in microseconds), for text of ASCII characters and the
 * punctuation and symbols in `PLAIN_MARKS`. Matching depends only on which classes each character is in,
 * and those characters are in the same ones under both: within ASCII, \p{L} is [A-Za-z] (\p{Lu} [A-Z],
 * \p{Ll} [a-z]; \p{Lt}, \p{Lm}, \p{Lo} and \p{M} hold no ASCII character) and \p{N} is [0-9]; \s is
 * the same set either way; a mark of `PLAIN_MARKS` is in no letter, number or white-space class, like `#`.
 * So it makes the same pieces (token-table.test.ts checks each mark's classes, and the pieces of every
 * string of up to three such characters, random text and this repository's sources).
 */
const PLAIN_SPLIT =
  /[^\r\nA-Za-z0-9]?[A-Z]*[a-z]+(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?|[^\r\nA-Za-z0-9]?[A-Z]+[a-z]*(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?|[0-9]{1,3}| ?[^\sA-Za-z0-9]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+/g;
/**
 * Punctuation and symbols past ASCII that `PLAIN_SPLIT` takes: Latin-1's (not ª º µ ² ³ ¹ ¼ ½ ¾, which
 * are letters and numbers), × ÷, general punctuation (— … ‘ ’ “ ” •), arrows, mathematical operators,
 * technical symbols, box drawing, geometric shapes and other symbols (♥). Vouch writes some of them into
 * every context (headings' "—", outlines' "…"), so the Unicode pattern is built only for text with others.
 */
export const PLAIN_MARKS =
  '\u00a1-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2010-\u2027\u2030-\u205e\u2190-\u23ff\u2500-\u26ff';
const NOT_PLAIN = new RegExp(`[^\\0-\\x7f${PLAIN_MARKS}]`);

/** The split pattern to run over `text` (its `lastIndex` reset). */
function splitFor(text: string): RegExp {
  let split = PLAIN_SPLIT;
  if (NOT_PLAIN.test(text)) {
    unicodeSplit ??= new RegExp(O200K_SPLIT_PATTERN, 'gu');
    split = unicodeSplit;
  }
  split.lastIndex = 0;
  return split;
}

/** The pieces o200k_base's split pattern makes of `text`, as counting makes them (for tests). */
export function splitPieces(text: string): string[] {
  const split = splitFor(text);
  const pieces: string[] = [];
  for (let match = split.exec(text); match !== null; match = split.exec(text)) pieces.push(match[0]);
  return pieces;
}

/**
 * Pieces seen often (indentation, keywords, common names) are counted once, for each vocabulary: a piece's
 * count under one table says nothing of another's (a process that counted with a small table, as a test
 * does, then counted o200k_base from the cache, which gave wrong counts).
 */
const pieceCaches = new WeakMap<TokenTable, Map<string, number>>();
const PIECE_CACHE_SIZE = 100_000;

function pieceCacheOf(vocabulary: TokenTable): Map<string, number> {
  let cache = pieceCaches.get(vocabulary);
  if (!cache) {
    cache = new Map();
    pieceCaches.set(vocabulary, cache);
  }
  return cache;
}

/** o200k_base tokens of `text`, special-token strings counted as plain text. */
export function countWithTable(vocabulary: TokenTable, text: string): number {
  let count = 0;
  // `exec` on one global regular expression rather than `matchAll` and destructuring: the same matches
  // (no alternative of the pattern matches the empty string), without an iterator and an array
  // destructured per piece, which cost most of a cold process's counting.
  const split = splitFor(text);
  const pieceCache = pieceCacheOf(vocabulary);
  for (let match = split.exec(text); match !== null; match = split.exec(text)) {
    const piece = match[0];
    let tokens = pieceCache.get(piece);
    if (tokens === undefined) {
      tokens = pieceTokens(vocabulary, piece);
      if (pieceCache.size >= PIECE_CACHE_SIZE) pieceCache.clear();
      pieceCache.set(piece, tokens);
    }
    count += tokens;
  }
  return count;
}
