import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { countTokens as reference } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { buildTokenTable, countWithTable, openTokenTable } from './token-table.js';
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

/** A small seeded generator, so a failure names text that can be made again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('o200k_base counts from the flat table', () => {
  it('match gpt-tokenizer on every source file of this repository', () => {
    const root = join(import.meta.dirname, '..', '..');
    const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'queries'))];
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
