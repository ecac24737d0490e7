import type { TokenStream } from './normalise-tokens.js';

/**
 * Winnowing (Schleimer, Wilkerson, Aiken: "Winnowing: local algorithms for document fingerprinting",
 * SIGMOD 2003). Every k-gram of tokens is hashed; in each window of `w` consecutive hashes the minimum is
 * kept (the rightmost on ties). Any shared run of at least `w + k − 1` tokens then shares a fingerprint,
 * and nothing shorter than `k` tokens can match. Hashes are 53-bit (two 32-bit rolling hashes, each
 * mixed), so they fit a JS number and an SQLite integer exactly.
 */
export interface WinnowOptions {
  /** tokens per k-gram: the noise threshold */
  k: number;
  /** window size: the guarantee threshold is w + k − 1 tokens */
  window: number;
  /**
   * k-grams with fewer distinct token codes than this are skipped: runs such as `x.a = a; x.b = b; …`
   * appear in unrelated code and say nothing about copying.
   */
  minDistinct: number;
}

/** Periods (in tokens) checked for the periodicity filter, and the share of positions that must repeat. */
const MAX_PERIOD = 10;
const PERIODIC_SHARE = 0.8;

/**
 * At ~4.5 characters of code per token (Django), w + k − 1 = 33 tokens ≈ 150 characters: every copied
 * stretch of the reported size shares a fingerprint. k = 20 and 8 distinct codes per k-gram were chosen on
 * Django against the Python standard library (bench/licence): shorter k-grams matched unrelated idioms.
 */
export const DEFAULT_WINNOW: WinnowOptions = { k: 20, window: 14, minDistinct: 8 };

export interface Fingerprints {
  hashes: Float64Array;
  /** index of the first token of the fingerprinted k-gram */
  positions: Int32Array;
  count: number;
}

const BASE_1 = 0x01000193;
const BASE_2 = 0x5bd1e995;

function power(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = Math.imul(result, base);
  return result;
}

/** MurmurHash3's finaliser: spreads the rolling hash so window minima fall at random places. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SKIPPED = Number.POSITIVE_INFINITY;
const DISTINCT_SLOTS = 1024;

/**
 * Marks k-grams that mostly repeat themselves with a short period: lists of one-line classes, runs of
 * `self.x = None`, tables. Unrelated files share such runs by construction, so they are not evidence.
 */
function periodicKgrams(codes: Int32Array, count: number, k: number): Uint8Array {
  const n = count - k + 1;
  const marks = new Uint8Array(Math.max(0, n));
  for (let p = 1; p <= Math.min(MAX_PERIOD, Math.floor(k / 2)); p++) {
    const span = k - p; // comparisons codes[j] == codes[j + p] inside one k-gram
    const need = Math.ceil(span * PERIODIC_SHARE);
    let equal = 0;
    for (let j = 0; j < span && j + p < count; j++) if (codes[j] === codes[j + p]) equal++;
    for (let i = 0; i < n; i++) {
      if (equal >= need) marks[i] = 1;
      // slide: drop comparison i, add comparison i + span
      if (codes[i] === codes[i + p]) equal--;
      const added = i + span;
      if (added + p < count && codes[added] === codes[added + p]) equal++;
    }
  }
  return marks;
}

/** The hash of every k-gram (SKIPPED for low-variety ones). */
export function kgramHashes(tokens: TokenStream, options: WinnowOptions): Float64Array {
  const { k } = options;
  const n = tokens.count - k + 1;
  if (n <= 0) return new Float64Array(0);
  const codes = tokens.codes;
  const hashes = new Float64Array(n);
  const top1 = power(BASE_1, k - 1);
  const top2 = power(BASE_2, k - 1);
  const seen = new Uint16Array(DISTINCT_SLOTS);
  let distinct = 0;
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < k; i++) {
    const code = codes[i]!;
    h1 = (Math.imul(h1, BASE_1) + code) | 0;
    h2 = (Math.imul(h2, BASE_2) + code) | 0;
    const slot = code & (DISTINCT_SLOTS - 1);
    if (seen[slot]!++ === 0) distinct++;
  }
  const periodic = periodicKgrams(tokens.codes, tokens.count, k);
  for (let i = 0; ; i++) {
    hashes[i] =
      distinct < options.minDistinct || periodic[i] === 1
        ? SKIPPED
        : (mix(h1) >>> 11) * 4294967296 + mix(h2 ^ 0x27d4eb2f);
    if (i + 1 >= n) break;
    const out = codes[i]!;
    const incoming = codes[i + k]!;
    h1 = (Math.imul(h1 - Math.imul(out, top1), BASE_1) + incoming) | 0;
    h2 = (Math.imul(h2 - Math.imul(out, top2), BASE_2) + incoming) | 0;
    const outSlot = out & (DISTINCT_SLOTS - 1);
    if (--seen[outSlot]! === 0) distinct--;
    const inSlot = incoming & (DISTINCT_SLOTS - 1);
    if (seen[inSlot]!++ === 0) distinct++;
  }
  // A k-gram repeated within the same text is structure the text repeats (a dict of `'k': o.get_k()`, a
  // list of exception classes): boilerplate, not the distinctive code a copy is recognised by.
  // Sorting a copy (native, numeric) finds the repeats without a hash set of 10⁵ doubles per file.
  const sorted = hashes.slice().sort();
  let repeated: Set<number> | undefined;
  for (let i = 1; i < n; i++) {
    const hash = sorted[i]!;
    if (hash === SKIPPED) break;
    if (hash === sorted[i - 1]) {
      repeated ??= new Set();
      repeated.add(hash);
    }
  }
  if (repeated) for (let i = 0; i < n; i++) if (repeated.has(hashes[i]!)) hashes[i] = SKIPPED;
  return hashes;
}

/** Robust winnowing over the k-gram hashes of a token stream. */
export function winnow(tokens: TokenStream, options: WinnowOptions = DEFAULT_WINNOW): Fingerprints {
  const hashes = kgramHashes(tokens, options);
  const n = hashes.length;
  const w = Math.min(options.window, n);
  const outHashes: number[] = [];
  const outPositions: number[] = [];
  let selected = -1;
  const record = (position: number): void => {
    const hash = hashes[position]!;
    if (hash === SKIPPED) return;
    outHashes.push(hash);
    outPositions.push(position);
  };
  for (let end = w - 1; end < n; end++) {
    const start = end - w + 1;
    if (selected < start) {
      // the previous minimum left the window: rescan, keeping the rightmost minimum
      selected = start;
      for (let i = start + 1; i <= end; i++) if (hashes[i]! <= hashes[selected]!) selected = i;
      record(selected);
    } else if (hashes[end]! <= hashes[selected]!) {
      selected = end;
      record(selected);
    }
  }
  return {
    hashes: Float64Array.from(outHashes),
    positions: Int32Array.from(outPositions),
    count: outHashes.length,
  };
}
