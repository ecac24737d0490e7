import { describe, expect, it } from 'vitest';
import { changedSpan } from './changed-span.js';

/** The span character by character: what `changedSpan` skipping chunks must find. */
function changedSpanByCharacter(old: string, text: string) {
  const shorter = Math.min(old.length, text.length);
  let start = 0;
  while (start < shorter && old[start] === text[start]) start++;
  let tail = 0;
  while (tail < shorter - start && old[old.length - 1 - tail] === text[text.length - 1 - tail]) tail++;
  return { start, oldEnd: old.length - tail, newEnd: text.length - tail };
}

describe('changedSpan', () => {
  it('finds the span a character-by-character comparison finds, at and around chunk boundaries', () => {
    // lines of varied text, so a shifted copy rarely matches by accident; and runs of one character,
    // where the head and the tail can overlap (an insertion into a run is ambiguous)
    const base = Array.from({ length: 120 }, (_, row) => `    line_${row} = compute(${row * 7})\n`).join('');
    const runs = `${'a'.repeat(700)}b${'a'.repeat(700)}`;
    for (const original of [base, runs, '', 'x'])
      for (const at of [0, 1, 255, 256, 257, 511, 512, 513, 1000, original.length - 1, original.length])
        for (const removed of [0, 1, 255, 256, 300, 600])
          for (const inserted of ['', 'z', 'a', '\n        ', 'q'.repeat(257)]) {
            const from = Math.max(0, Math.min(at, original.length));
            const edited = original.slice(0, from) + inserted + original.slice(from + removed);
            // as splicedTrees meets them: one side whole, the other a concatenation of two slices
            const joined = edited.slice(0, from) + edited.slice(from);
            expect(changedSpan(original, joined)).toEqual(changedSpanByCharacter(original, edited));
            expect(changedSpan(joined, original)).toEqual(changedSpanByCharacter(edited, original));
          }
  });
});
