import { encodedForms } from './encoded-forms.js';

/**
 * Secret values looked for by value: wherever one appears in outgoing text it is replaced, whether or not
 * a detector recognises its context there. A test that prints a key reversed, a traceback quoting a
 * settings line, a log line: the detector sees `SECRET_KEY = "…"` in settings.py, not `…` alone in a
 * failure message. Besides the value itself, its cheap transforms are looked for too (reversed, upper- and
 * lower-cased, rot13, and encoded: base64 and URL-safe base64 at each of the three offsets and base64 twice,
 * base32 and base32hex, base85 and Ascii85, hex, percent-encoding; encoded-forms.ts), as a hostile test
 * would print them, and the value split in slices of six characters or more (`key[:10]`, `key[10:]`), all
 * of them in the same text.
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
/**
 * A slice shorter than this is not looked for: a value split in slices is found when every slice is at
 * least this long. (Each slice is found by its first characters, as a whole value is.)
 */
const MIN_SLICE = MIN_LENGTH;
/**
 * Only a value holding a digit is looked for in slices: one of words alone (`challengePassword`, a value the
 * detector takes for a password in pyOpenSSL) comes apart into words found all over ordinary code. A
 * generated key of 20 characters or more holds a digit nearly always.
 */
const SLICEABLE = /\d/;
/** More slices than this are not looked for: each one is an `indexOf` over the text. */
const MAX_SLICES = 8;

export interface KnownSpan {
  start: number;
  end: number;
  value: string;
}

interface Forms {
  /** the forms starting with these four characters, longest first */
  forms: string[];
  /** the values starting with them, long enough to be split in slices */
  sliced: string[];
}

export class KnownSecrets {
  /** every form looked for → the value it stands for */
  private readonly forms = new Map<string, string>();
  private readonly byPrefix = new Map<string, Forms>();
  private values = 0;

  get size(): number {
    return this.values;
  }

  add(value: string): void {
    if (value.length < MIN_LENGTH || this.forms.has(value) || this.values >= MAX_VALUES) return;
    this.values++;
    this.addForm(value, value);
    if (value.length < MIN_TRANSFORM_LENGTH) return;
    if (value.length >= 2 * MIN_SLICE && SLICEABLE.test(value))
      this.entry(value.slice(0, 4)).sliced.push(value);
    this.addForm([...value].reverse().join(''), value);
    this.addForm(value.toUpperCase(), value);
    this.addForm(value.toLowerCase(), value);
    this.addForm(rot13(value), value);
    for (const form of encodedForms(value)) this.addForm(form, value);
  }

  private entry(prefix: string): Forms {
    let entry = this.byPrefix.get(prefix);
    if (!entry) {
      entry = { forms: [], sliced: [] };
      this.byPrefix.set(prefix, entry);
    }
    return entry;
  }

  private addForm(form: string, value: string): void {
    if (this.forms.has(form)) return;
    this.forms.set(form, value);
    const list = this.entry(form.slice(0, 4)).forms;
    list.push(form);
    // longest first, so a value that starts another is not taken for it
    list.sort((a, b) => b.length - a.length);
  }

  /** Each occurrence of a known form in `text`, left to right, not overlapping: its span and its value. */
  find(text: string): KnownSpan[] {
    const found: KnownSpan[] = [];
    if (this.values === 0) return found;
    let sliced = false;
    for (let index = 0; index + MIN_LENGTH <= text.length; ) {
      const entry = this.byPrefix.get(text.slice(index, index + 4));
      if (entry === undefined) {
        index++;
        continue;
      }
      const form = entry.forms.find((candidate) => text.startsWith(candidate, index));
      if (form !== undefined) {
        found.push({ start: index, end: index + form.length, value: this.forms.get(form) as string });
        index += form.length;
        continue;
      }
      // the value's first slice: found with the rest of its slices, or not at all
      let slices: KnownSpan[] | undefined;
      for (const value of entry.sliced) {
        slices = slicesOf(value, { text, start: index });
        if (slices) break;
      }
      if (slices === undefined) {
        index++;
        continue;
      }
      found.push(...slices);
      sliced = true;
      index = slices[0]!.end;
    }
    return sliced ? withoutOverlaps(found) : found;
  }
}

/**
 * The spans of `value` split in slices in `text`, the first at `start`: every slice at least MIN_SLICE
 * characters, each where the one before it ends in the value (anywhere in the text: `key[10:]` may be
 * printed before `key[:10]`), together the whole value; or undefined. Each slice is the longest found.
 */
function slicesOf(value: string, { text, start }: { text: string; start: number }): KnownSpan[] | undefined {
  const first = commonLength(text, start, { value, from: 0 });
  if (first < MIN_SLICE || first >= value.length) return undefined;
  const spans: KnownSpan[] = [{ start, end: start + first, value }];
  for (let covered = first; covered < value.length; ) {
    if (spans.length >= MAX_SLICES || value.length - covered < MIN_SLICE) return undefined;
    const head = value.slice(covered, covered + MIN_SLICE);
    let best: KnownSpan | undefined;
    for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
      const length = commonLength(text, at, { value, from: covered });
      const span = { start: at, end: at + length, value };
      const overlaps = spans.some((taken) => span.start < taken.end && taken.start < span.end);
      if (!overlaps && (best === undefined || length > best.end - best.start)) best = span;
    }
    if (best === undefined) return undefined;
    spans.push(best);
    covered += best.end - best.start;
  }
  return spans;
}

/** How many characters of `text` from `at` are `value`'s from `from`. */
function commonLength(text: string, at: number, { value, from }: { value: string; from: number }): number {
  let length = 0;
  while (from + length < value.length && text[at + length] === value[from + length]) length++;
  return length;
}

/** Spans in order, each overlapping an earlier one dropped (a later slice claimed where a form was found). */
function withoutOverlaps(spans: KnownSpan[]): KnownSpan[] {
  const kept: KnownSpan[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = kept[kept.length - 1];
    if (last === undefined || span.start >= last.end) kept.push(span);
  }
  return kept;
}

/** Letters moved 13 places (Python's `codecs.encode(s, "rot13")`); everything else as it is. */
function rot13(value: string): string {
  return value.replace(/[A-Za-z]/g, (char) => {
    const base = char <= 'Z' ? 65 : 97;
    return String.fromCharCode(((char.charCodeAt(0) - base + 13) % 26) + base);
  });
}
