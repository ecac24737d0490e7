import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnownSecrets } from './known-secrets.js';

// Made-up values, assembled at run time so that no scanner takes this file for a leak.
const KEY = ['django-insecure-', '9x!k2m@q7zR4vB8n'].join('');
const TOKEN = ['Zq8rT2vX9pLm', '4Kd7Wb1Hs'].join('');

/**
 * What Python's own codecs print for `prefix + value`, written by `__fixtures__/python-encodings.py` (the
 * encodings are Python's, not the redactor's: a form computed wrongly the same way twice would not be
 * caught otherwise; a unit test starts no process).
 */
const PYTHON = JSON.parse(
  readFileSync(join(import.meta.dirname, '__fixtures__', 'python-encodings.json'), 'utf8'),
) as Record<string, { value: number; prefix: string; printed: string }[]>;

/** The text with every known form replaced by `#`. */
function redacted(known: KnownSecrets, text: string): string {
  let result = '';
  let cursor = 0;
  for (const span of known.find(text)) {
    result += `${text.slice(cursor, span.start)}#`;
    cursor = span.end;
  }
  return result + text.slice(cursor);
}

/** Every run of `length` characters of `text`. */
const windows = (text: string, length: number) =>
  Array.from({ length: Math.max(0, text.length - length + 1) }, (_, index) =>
    text.slice(index, index + length),
  );

describe('KnownSecrets: the forms a hostile test prints a known value in (w196)', () => {
  const known = new KnownSecrets();
  known.add(KEY);
  known.add(TOKEN);

  it.each(['b85', 'a85', 'a85adobe', 'b32hex', 'b64b64'])(
    'finds a known value %s-encoded after any number of other bytes',
    (codec) => {
      const printed = PYTHON[codec]!;
      expect(new Set(printed.map((entry) => entry.prefix)).size).toBe(4);
      for (const { value, prefix, printed: encoded } of printed) {
        const out = redacted(known, `printed: ${encoded} (done)`);
        // the characters made of the value's bits alone are gone: a few at each end, mixing a neighbour's, stay
        for (const piece of windows(encoded, 12))
          expect(out, `${codec} of value ${value} after ${JSON.stringify(prefix)}`).not.toContain(piece);
        expect(out).toContain('#');
      }
    },
  );

  it.each(['rot13', 'upper', 'lower'])('finds a known value %s', (codec) => {
    for (const { value, printed } of PYTHON[codec]!) {
      expect(printed).not.toBe([KEY, TOKEN][value]);
      expect(redacted(known, `it printed ${printed}.`)).toBe('it printed #.');
    }
  });

  it('finds a known value split in slices of six characters or more, wherever each slice is in the text', () => {
    const [head, tail] = [KEY.slice(0, 10), KEY.slice(10)];
    // key[:10] and key[10:] printed on two lines, in two variables, and the other way round
    expect(redacted(known, `first ${head}\nsecond ${tail}\n`)).toBe('first #\nsecond #\n');
    expect(redacted(known, `a = "${head}"\nb = "${tail}"`)).toBe('a = "#"\nb = "#"');
    expect(redacted(known, `b = "${tail}"; a = "${head}"`)).toBe('b = "#"; a = "#"');
    // three slices
    const three = [TOKEN.slice(0, 7), TOKEN.slice(7, 14), TOKEN.slice(14)];
    expect(redacted(known, three.join(' | '))).toBe('# | # | #');
  });

  it('leaves a value’s beginning alone when the rest of it is not in the text', () => {
    // `django-insecure-` alone is what every new Django project's settings say: no secret
    for (const text of [
      `SECRET_KEY = "${KEY.slice(0, 16)}<generated>"`,
      `${KEY.slice(0, 20)} and then ${KEY.slice(22)}`,
      `${TOKEN.slice(0, 10)}\n${TOKEN.slice(10, 12)}\n${TOKEN.slice(12)}`,
    ])
      expect(redacted(known, text)).toBe(text);
  });

  it('leaves ordinary text alone: case-folded and rot13 words, and the words of a value of words', () => {
    const words = new KnownSecrets();
    words.add('Password1');
    for (const text of ['def add(a, b):\n    return a + b\n', 'print("hello world")', 'Cnffjbeq']) {
      // rot13 of Password1 is Cnffjbeq1: only the whole of it is found
      expect(redacted(words, text)).toBe(text);
    }
    expect(redacted(words, 'PASSWORD1 and password1 and Cnffjbeq1')).toBe('# and # and #');
    // a value of words alone (the detector takes pyOpenSSL's `challengePassword` for one) is not looked for
    // in slices: its words are all over ordinary code
    const wordy = new KnownSecrets();
    wordy.add('challengePassword');
    const code = 'self.challenge = parse(response)\nheaders["Password"] = None\n';
    expect(redacted(wordy, code)).toBe(code);
  });
});
