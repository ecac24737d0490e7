import { type PythonValue, pythonEquals, valueKey } from './python-values.js';

/**
 * A request's result literal as Python reads it (r48: the examples are compared here, outside the
 * candidate's interpreter): numbers, strings and bytes with their escapes, True/False/None, lists, tuples,
 * dicts and sets. Undefined for anything Python would not read as that value (`012`, `1__0`, `{1: 2, 3}`,
 * an unhashable key, `\N{…}`, a lone surrogate): an example misread would call right code wrong, so it is
 * not taken.
 */
export function parsePythonLiteral(text: string): PythonValue | undefined {
  const reader = { text, at: 0 };
  try {
    const value = readValue(reader);
    skipSpace(reader);
    return reader.at === text.length ? value : undefined;
  } catch (error) {
    if (error instanceof NotALiteral) return undefined;
    throw error;
  }
}

class NotALiteral extends Error {}

interface Reader {
  text: string;
  at: number;
}

function fail(): never {
  throw new NotALiteral();
}

function skipSpace(reader: Reader): void {
  while (reader.at < reader.text.length && /\s/.test(reader.text[reader.at]!)) reader.at++;
}

const NUMBER = /^([+-]?)((?:\d[\d_]*)?(?:\.\d+)?(?:[eE][+-]?\d+)?)(j?)/y;

function readValue(reader: Reader): PythonValue {
  skipSpace(reader);
  const rest = reader.text.slice(reader.at);
  const word = /^(True|False|None)\b/.exec(rest);
  if (word) {
    reader.at += word[0].length;
    return word[1] === 'None' ? { kind: 'none' } : { kind: 'bool', value: word[1] === 'True' };
  }
  const quote = /^([bBrRuU]?)(['"])/.exec(rest);
  if (quote) return readString(reader, quote[1]!.toLowerCase(), quote[2]!);
  const open = rest[0];
  if (open === '[' || open === '(' || open === '{') return readContainer(reader, open);
  NUMBER.lastIndex = 0;
  const number = NUMBER.exec(rest);
  if (!number || !/\d/.test(number[2]!)) fail();
  reader.at += number[0].length;
  return numberValue(number[1] === '-', number[2]!, number[3] === 'j');
}

function numberValue(negative: boolean, body: string, imaginary: boolean): PythonValue {
  // Python's grammar: underscores only between digits; no leading zero on a non-zero int
  if (/_(?!\d)|(?<!\d)_/.test(body)) fail();
  const plain = body.replace(/_/g, '');
  const sign = negative ? -1 : 1;
  if (imaginary) {
    const imag = sign * Number(plain);
    return { kind: 'complex', real: negative ? -0 : 0, imag, text: `${negative ? '-' : ''}${body}j` };
  }
  if (/^\d+$/.test(plain)) {
    if (/^0+[1-9]/.test(plain)) fail();
    return { kind: 'int', value: (negative ? -1n : 1n) * BigInt(plain) };
  }
  return { kind: 'float', value: sign * Number(plain), text: `${negative ? '-' : ''}${body}` };
}

const SIMPLE_ESCAPES: Record<string, number> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
};

/** A one-line string or bytes literal; its prefix lower-cased (`b`, `r`, `u` or none). */
function readString(reader: Reader, prefix: string, mark: string): PythonValue {
  const { text } = reader;
  let at = reader.at + prefix.length + 1;
  const units: number[] = [];
  const bytes = prefix === 'b';
  for (;;) {
    if (at >= text.length || text[at] === '\n') fail();
    const ch = text[at]!;
    if (ch === mark) break;
    if (ch !== '\\' || prefix === 'r') {
      const code = text.codePointAt(at)!;
      if (bytes && code > 0x7f) fail();
      // a raw string keeps the backslash and the character after it, whatever it is
      if (ch === '\\') {
        units.push(0x5c);
        at++;
        if (at >= text.length || text[at] === '\n') fail();
        units.push(text.codePointAt(at)!);
        at += text.codePointAt(at)! > 0xffff ? 2 : 1;
        continue;
      }
      units.push(code);
      at += code > 0xffff ? 2 : 1;
      continue;
    }
    const next = text[at + 1];
    if (next === undefined || next === '\n') fail();
    if (next in SIMPLE_ESCAPES) {
      units.push(SIMPLE_ESCAPES[next]!);
      at += 2;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(at + 1, at + 4));
    if (octal) {
      const code = Number.parseInt(octal[0], 8);
      if (bytes && code > 0xff) fail();
      units.push(code);
      at += 1 + octal[0].length;
      continue;
    }
    const width = next === 'x' ? 2 : !bytes && next === 'u' ? 4 : !bytes && next === 'U' ? 8 : 0;
    if (width > 0) {
      const digits = text.slice(at + 2, at + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) fail();
      const code = Number.parseInt(digits, 16);
      // a surrogate alone, or past Unicode: not a value a JavaScript string holds as Python does
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail();
      units.push(code);
      at += 2 + width;
      continue;
    }
    // `\N{name}` needs Unicode's name table; any other escape keeps its backslash
    if (next === 'N' && !bytes) fail();
    units.push(0x5c);
    at++;
  }
  reader.at = at + 1;
  if (bytes) return { kind: 'bytes', hex: units.map((code) => code.toString(16).padStart(2, '0')).join('') };
  let value = '';
  for (let start = 0; start < units.length; start += 4096)
    value += String.fromCodePoint(...units.slice(start, start + 4096));
  return { kind: 'str', value };
}

const HASHABLE = new Set([
  'none',
  'bool',
  'int',
  'float',
  'complex',
  'str',
  'bytes',
  'decimal',
  'fraction',
  'frozenset',
]);

function hashable(value: PythonValue): boolean {
  if (value.kind === 'tuple') return value.items.every(hashable);
  return HASHABLE.has(value.kind);
}

function readContainer(reader: Reader, open: string): PythonValue {
  const close = open === '[' ? ']' : open === '(' ? ')' : '}';
  reader.at++;
  const items: PythonValue[] = [];
  const entries: [PythonValue, PythonValue][] = [];
  let comma = false;
  for (;;) {
    skipSpace(reader);
    if (reader.text[reader.at] === close) {
      reader.at++;
      break;
    }
    const item = readValue(reader);
    skipSpace(reader);
    if (open === '{' && reader.text[reader.at] === ':') {
      if (items.length > 0) fail();
      reader.at++;
      entries.push([item, readValue(reader)]);
      skipSpace(reader);
    } else {
      if (entries.length > 0) fail();
      items.push(item);
    }
    if (reader.text[reader.at] === ',') {
      reader.at++;
      comma = true;
    } else if (reader.text[reader.at] !== close) fail();
  }
  if (open === '[') return { kind: 'list', items };
  if (open === '(') return items.length === 1 && !comma ? items[0]! : { kind: 'tuple', items };
  if (entries.length > 0 || items.length === 0) {
    // later keys overwrite earlier equal ones, keeping the first key, as a dict display does
    const kept = new Distinct<[PythonValue, PythonValue]>((entry) => entry[0]);
    for (const entry of entries) {
      if (!hashable(entry[0])) fail();
      const same = kept.find(entry[0]);
      if (same) same[1] = entry[1];
      else kept.add(entry);
    }
    return { kind: 'dict', entries: kept.all };
  }
  const members = new Distinct<PythonValue>((item) => item);
  for (const item of items) {
    if (!hashable(item)) fail();
    if (!members.find(item)) members.add(item);
  }
  return { kind: 'set', items: members.all };
}

/** Items kept once each by Python's equality, found through their keys (a set display, a dict's keys). */
class Distinct<T> {
  readonly all: T[] = [];
  private readonly byKey = new Map<string, T[]>();
  constructor(private readonly keyOf: (item: T) => PythonValue) {}
  find(value: PythonValue): T | undefined {
    return this.byKey.get(valueKey(value))?.find((item) => pythonEquals(this.keyOf(item), value));
  }
  add(item: T): void {
    const key = valueKey(this.keyOf(item));
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), item]);
    this.all.push(item);
  }
}
