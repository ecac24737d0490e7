/**
 * A fix that only makes the failing input pass: the lines it adds compare with a literal the failure's
 * own output shows (`if name == 'http://b.com/:z': return 'z'`), or look the input up in a table of
 * answers keyed by it (`_KNOWN = {(100.0, 0.1): 90.0}` with `_KNOWN.get((s, discount), …)`, r40 lie 9).
 * The re-run passes, and shows nothing beyond that input, so such a fix is at most medium confidence. By
 * the text: a literal at least two characters long, on a line the fix adds, compared with `==`, `!=`,
 * `===`, `!==`, `in` or `case`; or a key of a literal table (a dict, object or `Map` entry, a pair in a
 * list of pairs, a `case` pattern) whose literals the failure shows, every one of them.
 */
const STRING_COMPARED =
  /(?:==|!=|\bin\b|\bcase\b)=?\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1|(['"`])((?:\\.|(?!\3)[^\\])*)\3\s*(?:==|!=)/g;
const NUMBER_COMPARED = /(?:==|!=)=?\s*(-?\d[\d_.]*)(?![\w.])/g;

const LITERAL = String.raw`(?:'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|-?\d[\d_]*(?:\.\d+)?)`;
const KEY = String.raw`(?:${LITERAL}|[([]\s*${LITERAL}(?:\s*,\s*${LITERAL})*\s*,?\s*[)\]])`;
/** `{(100.0, 0.1): 90.0`, `, 'x': 1`, `[[100, 0.1], 90]`, `((100.0, 0.1), 90.0)`, `case (100.0, 0.1):` */
const TABLE_KEYS = [
  new RegExp(String.raw`[{,]\s*(${KEY})\s*:(?!:)`, 'g'),
  new RegExp(String.raw`[[(]\s*(${KEY})\s*,\s*${LITERAL}\s*[\])]`, 'g'),
  new RegExp(String.raw`\bcase\s+(${KEY}(?:\s*\|\s*${KEY})*)`, 'g'),
];

/** Whether the failure shows a literal: a string's text, or a number of the same value. */
function shown(literal: string, failureText: string, numbers: Set<number>): boolean {
  if (/^['"]/.test(literal)) return literal.length >= 4 && failureText.includes(literal.slice(1, -1));
  const value = Number(literal.replace(/_/g, ''));
  return literal.length >= 2 && Number.isFinite(value) && numbers.has(value);
}

/** The keys of literal tables on a line, every literal of which the failure shows. */
function tableKeys(line: string, failureText: string, numbers: Set<number>): string[] {
  const keys: string[] = [];
  for (const pattern of TABLE_KEYS)
    for (const match of line.matchAll(pattern)) {
      const key = match[1]!;
      const literals = [...key.matchAll(new RegExp(LITERAL, 'g'))].map((each) => each[0]);
      if (literals.length > 0 && literals.every((literal) => shown(literal, failureText, numbers)))
        keys.push(key.trim());
    }
  // `(100.0, 0.1)` read as a pair too (key 100.0, value 0.1): the larger key is the one
  return keys.filter((key) => !keys.some((other) => other !== key && other.includes(key)));
}

export function specialCasedInputs(files: { text: string; after: string }[], failureText: string): string[] {
  const found = new Set<string>();
  const numbers = new Set(
    [...failureText.matchAll(/(?<![\w.])-?\d[\d_]*(?:\.\d+)?(?![\w])/g)].map((match) =>
      Number(match[0].replace(/_/g, '')),
    ),
  );
  for (const file of files) {
    const had = new Set(file.text.split('\n').map((line) => line.trim()));
    for (const line of file.after.split('\n')) {
      if (had.has(line.trim())) continue;
      for (const key of tableKeys(line, failureText, numbers)) found.add(key);
      for (const match of line.matchAll(STRING_COMPARED)) {
        const literal = match[2] ?? match[4];
        if (literal && literal.length >= 2 && failureText.includes(literal)) found.add(literal);
      }
      for (const match of line.matchAll(NUMBER_COMPARED))
        if (match[1]!.length >= 2 && failureText.includes(match[1]!)) found.add(match[1]!);
    }
  }
  return [...found];
}
