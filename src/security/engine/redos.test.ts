import { describe, expect, it } from 'vitest';
import { isCatastrophicRegex } from './redos.js';

describe('isCatastrophicRegex', () => {
  it.each(['(a+)+$', '^(\\w+\\s?)*$', '([a-zA-Z0-9]+)*@', '(a|a)*', '(\\w|\\d)+x', '(.*,){10,}', '^(a*)*b'])(
    'flags %s',
    (pattern) => {
      expect(isCatastrophicRegex(pattern)).toBe(true);
    },
  );

  it.each([
    '^[a-z0-9]+(?:-[a-z0-9]+)*$',
    '^\\d{3}-\\d{4}$',
    'a+b+',
    '(ab)+',
    '^[\\w.]+@[\\w.]+$',
    '(?:\\.[a-z]+)+',
    '[(a+)+]',
    '(?:[ \\t]+[^\\n]*\\n)*?version',
    '^[a-z]+(?:[._-][a-z]+)*$',
  ])('accepts %s', (pattern) => {
    expect(isCatastrophicRegex(pattern)).toBe(false);
  });
});
