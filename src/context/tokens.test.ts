import { countTokens as reference } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countWithTable, o200kTable } from './token-table.js';
import { clipToTokens, countTokens, exceedsTokens } from './tokens.js';

const NONE = new Set<string>();
const expected = (text: string) => reference(text, { disallowedSpecial: NONE, allowedSpecial: NONE });

/** A small seeded generator, so a failure names text that can be made again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Line starts and ends around the places where countTokens adds up counts line by line: blank and
// white-space-only lines, slashes, punctuation that takes the line break with it, other white space
// (no-break space, line separator, byte-order mark), carriage returns, letters, digits, contractions.
const STARTS = [
  '',
  ' ',
  '    ',
  '\t',
  '/',
  '//',
  ' /',
  '*/',
  '\r',
  ' \r',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '#',
  '):',
  'x',
  'X',
  '9',
  "'s",
  'é',
  '👍',
  '\u0301',
  '\v',
  '\f',
];
const ENDS = [
  '',
  ' ',
  '  ',
  '\t',
  ':',
  '):',
  '/',
  '//',
  ',',
  '\r',
  ' \r',
  '\u00a0',
  '\u2028',
  "'",
  "'ll",
  'y',
  '12',
  '👍',
  '{',
  '"""',
];
const MIDDLES = [
  '',
  'def f(x):',
  'return a / b',
  'x = 1',
  '  y',
  'if a and b',
  '...',
  '<|endoftext|>',
  'naïve',
  '日本',
];

describe('countTokens adds up line by line only where that is exact', () => {
  it('matches gpt-tokenizer and a count of the whole text on adversarial multi-line text', () => {
    const next = random(300);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const table = o200kTable();
    for (let sample = 0; sample < 3000; sample++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 8);
      for (let index = 0; index < count; index++) lines.push(pick(STARTS) + pick(MIDDLES) + pick(ENDS));
      const text = lines.join(next() < 0.2 ? '\r\n' : '\n') + (next() < 0.5 ? '\n' : '');
      const label = JSON.stringify(text);
      expect(countTokens(text), label).toBe(countWithTable(table, text));
      expect(countTokens(text), label).toBe(expected(text));
    }
  });

  it('counts a text the same after its lines were counted on their own (cached)', () => {
    const text = 'class A:\n    def f(self):\n\n        return 1 / 2\n// x\n   \n  y = 3\n';
    for (const line of text.split('\n')) countTokens(`${line}\n`);
    expect(countTokens(text)).toBe(expected(text));
    expect(clipToTokens(text, 1000).tokens).toBe(expected(text));
  });
});

describe('counts that stop at a limit', () => {
  // clipToTokens as it was before it stopped counting at the limit: the whole text counted by the
  // reference tokenizer, else whole lines (each with its line break) while they fit.
  function referenceClip(text: string, maxTokens: number): { text: string; tokens: number } {
    const ceiling = maxTokens * 12;
    if (text.length <= ceiling) {
      const whole = expected(text);
      if (whole <= maxTokens) return { text, tokens: whole };
    }
    const kept: string[] = [];
    let tokens = 0;
    let chars = 0;
    for (const line of text.split('\n')) {
      chars += line.length + 1;
      if (chars > ceiling + 12) break;
      const cost = expected(`${line}\n`);
      if (tokens + cost > maxTokens) break;
      kept.push(line);
      tokens += cost;
    }
    return { text: kept.join('\n'), tokens };
  }

  it('decide exactly as a whole count would, at every limit around the true count', () => {
    const next = random(24);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    for (let sample = 0; sample < 400; sample++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 12);
      for (let index = 0; index < count; index++) lines.push(pick(STARTS) + pick(MIDDLES) + pick(ENDS));
      const text = lines.join('\n') + (next() < 0.5 ? '\n' : '');
      const whole = expected(text);
      const label = JSON.stringify(text);
      for (const limit of [0, 1, Math.floor(whole / 3), Math.floor(whole / 2), whole - 1, whole, whole + 1]) {
        if (limit < 0) continue;
        expect(exceedsTokens(text, limit), `${label} > ${limit}`).toBe(whole > limit);
        expect(clipToTokens(text, limit), `${label} clipped to ${limit}`).toEqual(referenceClip(text, limit));
      }
    }
  });
});
