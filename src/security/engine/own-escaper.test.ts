import { describe, expect, it } from 'vitest';
import { escapesByHand, type StepCounter } from './own-escaper.js';

describe('an escaper by hand is read by scanning (issue 59, second review)', () => {
  it.each([
    ['.replace of & and < with entities', 's.replace("&", "&amp;").replace("<", "&lt;")', true],
    ['a JS character class', 's.replace(/[&<>"\']/g, (c) => MAP[c])', true],
    ['re.sub with a class', "re.sub(r'[<>\"]', repl, s)", true],
    ['only <', 's.replace("<", "&lt;")', false],
    ['< replaced by itself', 's.replace("<", "<").replace("&", "&amp;")', false],
    ['a list holding markup', '"".join(["<p>", x, "</p>"]) + x.replace("&", "&amp;")', false],
    ['a comprehension comparing <', '[c for c in x if ord(c) < 256]', false],
  ])('%s', (_what, text, expected) => {
    expect(escapesByHand(text)).toBe(expected);
  });

  it('does work linear in the text on 100 KB built to make a pattern backtrack', () => {
    for (const text of [
      '[<'.repeat(50_000),
      `.replace(${'"[<'.repeat(33_000)}`,
      '.replace('.repeat(11_000),
      `.sub(r"[${'<'.repeat(100_000)}`,
    ]) {
      const counter: StepCounter = { steps: 0 };
      expect(escapesByHand(text, counter)).toBe(false);
      expect(counter.steps).toBeLessThanOrEqual(4 * text.length + 1000);
    }
  });
});
