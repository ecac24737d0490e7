/**
 * File names as git writes them in a diff's headers. A name holding `"`, `\`, a tab, a newline or another
 * control character is written in C style between double quotes (`"a/we\"ird.py"`, `"b/a\tb.py"`), even
 * with `core.quotepath=off` (which only stops non-ASCII bytes being written as octal). Review read those
 * quotes as part of the name, looked the file up under a name that does not exist and passed it unread
 * (review r49).
 */

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
const QUOTED_BYTE: Record<number, string> = Object.fromEntries(
  Object.entries(ESCAPES).map(([letter, code]) => [code, `\\${letter}`]),
);

/**
 * A quoted name at the start of `text` (`"…"`, C-style escapes, octal bytes): the name and what follows
 * the closing quote. Undefined when `text` does not start with a well-formed quoted name.
 */
export function readQuoted(text: string): { name: string; rest: string } | undefined {
  if (!text.startsWith('"')) return undefined;
  const bytes: number[] = [];
  for (let at = 1; at < text.length; at++) {
    const char = text[at]!;
    if (char === '"') return { name: Buffer.from(bytes).toString('utf8'), rest: text.slice(at + 1) };
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = text[at + 1];
    if (next === undefined) return undefined;
    const octal = /^[0-7]{3}/.exec(text.slice(at + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8) & 0xff);
      at += 3;
    } else if (next in ESCAPES) {
      bytes.push(ESCAPES[next]!);
      at += 1;
    } else return undefined;
  }
  return undefined;
}

/** A path as it appears in a header: unquoted when git quoted it, else as written. */
export function headerPath(text: string): string {
  return readQuoted(text)?.name ?? text;
}

/** `name` written as git writes it in a diff header: quoted in C style when it needs to be. */
export function quoteGitPath(name: string): string {
  if (!/["\\\x00-\x1f\x7f]/.test(name)) return name;
  let out = '"';
  for (const char of name) {
    const code = char.codePointAt(0)!;
    if (QUOTED_BYTE[code] !== undefined) out += QUOTED_BYTE[code];
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/**
 * The two names of a `diff --git a/… b/…` line (after `diff --git `), quoted or not. Unquoted names with
 * spaces are ambiguous; the `---`/`+++` and `rename`/`copy` lines that follow settle them.
 */
export function gitHeaderPaths(text: string): { oldPath: string; newPath: string } | undefined {
  const first = readQuoted(text);
  if (first) {
    const rest = first.rest.replace(/^ /, '');
    const second = readQuoted(rest)?.name ?? rest;
    if (!first.name.startsWith('a/') || !second.startsWith('b/')) return undefined;
    return { oldPath: first.name.slice(2), newPath: second.slice(2) };
  }
  // an unquoted old name and a quoted new one: the quoted one runs to the end of the line
  if (text.endsWith('"'))
    for (let at = text.indexOf(' "'); at >= 0; at = text.indexOf(' "', at + 1)) {
      const second = readQuoted(text.slice(at + 1));
      if (second && second.rest === '' && text.startsWith('a/') && second.name.startsWith('b/'))
        return { oldPath: text.slice(2, at), newPath: second.name.slice(2) };
    }
  const plain = /^a\/(.+?) b\/(.+)$/.exec(text);
  return plain ? { oldPath: plain[1]!, newPath: plain[2]! } : undefined;
}
