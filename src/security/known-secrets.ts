import { encodedForms } from './encoded-forms.js';

/**
 * Secret values looked for by value: wherever one appears in outgoing text it is replaced, whether or not
 * a detector recognises its context there. A test that prints a key reversed, a traceback quoting a
 * settings line, a log line: the detector sees `SECRET_KEY = "…"` in settings.py, not `…` alone in a
 * failure message. Besides the value itself, its cheap transforms are looked for too (reversed, and encoded:
 * base64 and URL-safe base64 at each of the three offsets, base32, hex, percent-encoding; encoded-forms.ts),
 * as a hostile test would print them.
 *
 * Lookup is by each value's first four characters, so a text is read once whatever the number of values
 * (a regular expression of thousands of alternatives, or one `includes` per value, is not).
 */

/** Shorter values would replace ordinary words; the detectors accept none this short anyway. */
const MIN_LENGTH = 6;
/** A transform shorter than this could occur by chance in ordinary text. */
const MIN_TRANSFORM_LENGTH = 8;
/** A long-running server learns values from its workspace only; a bound all the same. */
const MAX_VALUES = 20_000;

export class KnownSecrets {
  /** every form looked for → the value it stands for */
  private readonly forms = new Map<string, string>();
  private readonly byPrefix = new Map<string, string[]>();
  private values = 0;

  get size(): number {
    return this.values;
  }

  add(value: string): void {
    if (value.length < MIN_LENGTH || this.forms.has(value) || this.values >= MAX_VALUES) return;
    this.values++;
    this.addForm(value, value);
    if (value.length < MIN_TRANSFORM_LENGTH) return;
    this.addForm([...value].reverse().join(''), value);
    for (const form of encodedForms(value)) this.addForm(form, value);
  }

  private addForm(form: string, value: string): void {
    if (this.forms.has(form)) return;
    this.forms.set(form, value);
    const prefix = form.slice(0, 4);
    const list = this.byPrefix.get(prefix) ?? [];
    list.push(form);
    // longest first, so a value that starts another is not taken for it
    list.sort((a, b) => b.length - a.length);
    this.byPrefix.set(prefix, list);
  }

  /** Each occurrence of a known form in `text`, left to right, not overlapping: its span and its value. */
  find(text: string): { start: number; end: number; value: string }[] {
    const found: { start: number; end: number; value: string }[] = [];
    if (this.values === 0) return found;
    for (let index = 0; index + MIN_LENGTH <= text.length; ) {
      const candidates = this.byPrefix.get(text.slice(index, index + 4));
      const form = candidates?.find((candidate) => text.startsWith(candidate, index));
      if (form === undefined) {
        index++;
        continue;
      }
      found.push({ start: index, end: index + form.length, value: this.forms.get(form) as string });
      index += form.length;
    }
    return found;
  }
}
