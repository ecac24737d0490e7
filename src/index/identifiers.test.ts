import { describe, expect, it } from 'vitest';
import { identifierParts, splitIdentifier } from './identifiers.js';

/** The parts as first computed: every word by a regular expression, compounds split by `splitIdentifier`. */
function byRegExp(text: string): string {
  const extra: string[] = [];
  for (const word of text.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []) {
    if (word.length > 3 && /[a-z][A-Z]|[A-Z]{2}[a-z]|[A-Za-z][0-9]/.test(word))
      extra.push(...splitIdentifier(word));
  }
  return extra.join(' ');
}

describe('identifierParts', () => {
  it('splits camelCase, acronyms and digits as splitIdentifier does', () => {
    expect(identifierParts('getUserName(HTTPServer, utf8Decode) snake_case x2 ab3')).toBe(
      'get User Name HTTP Server utf 8 Decode',
    );
    expect(identifierParts('no compounds here, only words')).toBe('');
  });

  it('gives the parts the regular-expression version gives, on awkward text', () => {
    const samples = [
      'ABCdefGHIjkl',
      'A1B2c3D4e',
      'IOError XMLHttpRequest2 getHTTPResponseCode4xx',
      '_privateName __dunder__ $jq éCafé naïveStringÜber',
      'aB Ab ABc abC ABCD AbCd a1b2 1abc',
      'x'.repeat(5) + 'Y' + 'z'.repeat(3),
      'trailingUpperX endsIn9 MIXEDCase9Ab',
      '',
    ];
    for (const sample of samples) expect(identifierParts(sample), sample).toBe(byRegExp(sample));
    // And on generated words over the characters that decide cuts.
    const alphabet = 'aZ9_ B';
    let seed = 7;
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let index = 0; index < 12; index++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      expect(identifierParts(text), text).toBe(byRegExp(text));
    }
  });
});
