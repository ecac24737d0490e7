import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { countTokens as reference } from 'gpt-tokenizer/encoding/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { describe, expect, it } from 'vitest';
import {
  buildTokenTable,
  countWithTable,
  O200K_SPLIT_PATTERN,
  openTokenTable,
  PLAIN_MARKS,
  splitPieces,
} from './token-table.js';
import { countTokens } from './tokens.js';

const NONE = new Set<string>();
const expected = (text: string) => reference(text, { disallowedSpecial: NONE, allowedSpecial: NONE });

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|py|md|scm)$/.test(entry.name)) out.push(path);
  }
  return out;
}

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * A fixed sample of the repository's files: of each kind (.ts, .py, .md, .scm), the `perKind` whose paths
 * hash lowest. Every file of the repository cost this test 42 s (and every line 25 s) at load 20-27 and grew
 * with it (bench/notes/2026-11-29-ci-time.md); the sample is the same amount of text however the repository
 * grows, still every kind of file, and a new file enters it when its hash is among the lowest. The hash
 * is of the path, so a mismatch names a file that the next run reads again.
 */
function sampled(files: string[], perKind: number): string[] {
  const kinds = new Map<string, { file: string; hash: string }[]>();
  for (const file of files) {
    const kind = file.slice(file.lastIndexOf('.'));
    const hash = createHash('sha256').update(relative(ROOT, file)).digest('hex');
    kinds.set(kind, [...(kinds.get(kind) ?? []), { file, hash }]);
  }
  return [...kinds.values()].flatMap((ofKind) =>
    ofKind
      .sort((a, b) => (a.hash < b.hash ? -1 : 1))
      .slice(0, perKind)
      .map(({ file }) => file),
  );
}

/** A small seeded generator, so a failure names text that can be made again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('o200k_base counts from the flat table', () => {
  it('match gpt-tokenizer on a fixed sample of the source files of this repository', () => {
    const files = sampled([...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'queries'))], 160);
    expect(files.length).toBeGreaterThan(100);
    const mismatches = files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return countTokens(text) !== expected(text);
    });
    expect(mismatches).toEqual([]);
  });

  it('match on unusual text: scripts, emoji, lone surrogates, special-token strings, long runs', () => {
    const samples = [
      'héllo wörld — naïve café',
      '日本語のテキストと中文字符，한국어 텍스트',
      'emoji 👩‍💻🚀🇫🇷 and \u{1F600}\u{1F600}\u{1F600}',
      '\uFEFFassert x\uFEFF\uFEFFy',
      'lone \uD800 high and \uDC00 low surrogates \uD83D',
      '<|endoftext|> <|fim_prefix|>x<|fim_suffix|>y<|fim_middle|>',
      ' '.repeat(500),
      '\n\n\n\t\t\t  \r\n\r\n',
      'x'.repeat(3000),
      '1234567890'.repeat(30),
      "it's they're we'll I'd you've CAN'T",
      'ﬁ ligature, Ω ohm, ÅÄÖ, ﷽, \u0301combining',
      '\u0000\u0001\u0002 control \u007f \u0085 \u2028 \u2029',
    ];
    for (const text of samples) expect(countTokens(text), JSON.stringify(text)).toBe(expected(text));
  });

  it('match on random text from many Unicode blocks', () => {
    const next = random(24);
    const blocks = [
      [0x20, 0x7e],
      [0xa0, 0x24f],
      [0x370, 0x3ff],
      [0x400, 0x4ff],
      [0x590, 0x6ff],
      [0x900, 0x97f],
      [0x3040, 0x30ff],
      [0x4e00, 0x4fff],
      [0xac00, 0xad00],
      [0x1f300, 0x1f64f],
      [0xd800, 0xdfff],
    ] as const;
    for (let sample = 0; sample < 300; sample++) {
      let text = '';
      const length = 1 + Math.floor(next() * 60);
      for (let index = 0; index < length; index++) {
        const [low, high] = blocks[Math.floor(next() * blocks.length)]!;
        const code = low + Math.floor(next() * (high - low + 1));
        text += code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code);
        if (next() < 0.2) text += ' ';
      }
      expect(countTokens(text), JSON.stringify(text)).toBe(expected(text));
    }
  });

  it('is what the build wrote into dist/ (the CLI reads that file), byte for byte', () => {
    const require = createRequire(import.meta.url);
    const ranks = require('gpt-tokenizer/cjs/bpeRanks/o200k_base').default as (string | number[])[];
    const built = readFileSync(join(import.meta.dirname, '..', '..', 'dist', 'context', 'o200k_base.table'));
    expect(Buffer.from(buildTokenTable(ranks)).equals(built)).toBe(true);
  });
  it('reads a table from a Buffer that does not start on a word boundary', () => {
    const table = buildTokenTable(['a', 'b', 'ab', 'c', ' ']);
    const pooled = Buffer.alloc(table.length + 3);
    pooled.set(table, 1);
    const unaligned = pooled.subarray(1, 1 + table.length);
    expect(unaligned.byteOffset % 4).not.toBe(0);
    const aligned = openTokenTable(table);
    const fromUnaligned = openTokenTable(unaligned);
    for (const text of ['ab', 'abc', 'ab ab c', 'cab']) {
      expect(countWithTable(fromUnaligned, text)).toBe(countWithTable(aligned, text));
    }
  });
});

describe("o200k_base's split pattern", () => {
  const referencePieces = (text: string) => text.match(new RegExp(O200K_TOKEN_SPLIT_REGEX)) ?? [];

  it("is gpt-tokenizer's, written out", () => {
    expect(O200K_SPLIT_PATTERN).toBe(O200K_TOKEN_SPLIT_REGEX.source);
    expect(O200K_TOKEN_SPLIT_REGEX.flags).toBe('gu');
  });

  it('takes past ASCII only punctuation and symbols: no letter, number, mark or white space', () => {
    const marks = new RegExp(`[${PLAIN_MARKS}]`);
    const taken: string[] = [];
    for (let code = 0x80; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (marks.test(char)) taken.push(char);
    }
    expect(taken.length).toBeGreaterThan(900);
    expect(taken.filter((char) => /[\p{L}\p{N}\p{M}\s]/u.test(char))).toEqual([]);
    for (const char of '—…×·“”’•→') expect(taken).toContain(char);
  });

  it('makes the same pieces of every string of up to three ASCII characters and marks', () => {
    const reference = new RegExp(O200K_TOKEN_SPLIT_REGEX);
    const alphabet = [
      ...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)),
      ...'—…×·“¡\u205e♥\u26ff',
    ];
    const mismatches: string[] = [];
    const check = (text: string) => {
      // pieces compared joined by a character no piece can hold, which is quicker than arrays
      reference.lastIndex = 0;
      let joined = '';
      for (let match = reference.exec(text); match !== null; match = reference.exec(text))
        joined += `${match[0]}\u{10ffff}`;
      if (splitPieces(text).join('\u{10ffff}') + (text ? '\u{10ffff}' : '') !== joined) mismatches.push(text);
    };
    for (const a of alphabet) {
      check(a);
      for (const b of alphabet) {
        check(a + b);
        for (const c of alphabet) check(a + b + c);
      }
    }
    expect(mismatches.slice(0, 5).map((text) => JSON.stringify(text))).toEqual([]);
  });

  it('makes the same pieces of random text and of each line of a fixed sample of this repository', () => {
    const next = random(7);
    const words = [
      "'s",
      "'T",
      "'ll",
      "'Re",
      'Ab',
      'aB',
      'ABC',
      'abc',
      '123',
      '12345',
      ' ',
      '  ',
      '\t',
      '\n',
      '\r\n',
    ];
    const marks = ['/', '//', '#', '(', ')', '.', ',', "'", '"', '\v', '\f', '\u0000', '\u001f', '\u007f'];
    // marks the plain pattern takes, and characters it leaves to the Unicode pattern
    marks.push('—', '…', '×', '→', '“', 'é', 'É', '日', '\u00a0', '²', 'ª', '\u0301', '\u{1d400}', '\u2028');
    for (let sample = 0; sample < 20_000; sample++) {
      let text = '';
      const length = 1 + Math.floor(next() * 12);
      for (let index = 0; index < length; index++) {
        const from = next() < 0.6 ? words : marks;
        text += from[Math.floor(next() * from.length)];
      }
      expect(splitPieces(text), JSON.stringify(text)).toEqual(referencePieces(text));
    }
    const files = sampled([...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'python'))], 160);
    const lines = files.flatMap((file) => readFileSync(file, 'utf8').split(/(?<=\n)/));
    expect(lines.length).toBeGreaterThan(10_000);
    const different = lines.filter(
      (line) => splitPieces(line).join('\0') !== referencePieces(line).join('\0'),
    );
    expect(different).toEqual([]);
  });

  it('splits text past its marks with the Unicode pattern', () => {
    for (const text of ['naïve café', 'Ωmega 123', 'x\u00a0y', '日本 語', 'a\u2028b', 'x² — µs'])
      expect(splitPieces(text), text).toEqual(referencePieces(text));
  });
});
