/**
 * A fix that only makes the failing input pass: the lines it adds compare with a literal the failure's
 * own output shows (`if name == 'http://b.com/:z': return 'z'`), or look the input up in a table of
 * answers keyed by it (`_KNOWN = {(100.0, 0.1): 90.0}` with `_KNOWN.get((s, discount), …)`, r40 lie 9).
 * The re-run passes, and shows nothing beyond that input, so such a fix is at most medium confidence. By
 * the text: a literal at least two characters long, on a line the fix adds, compared with `==`, `!=`,
 * `===`, `!==`, `in` or `case`; or a key of a literal table (a dict, object or `Map` entry, a pair in a
 * list of pairs, a `case` pattern) whose literals the failure shows, every one of them; a string key made of
 * shown numbers and separators counts as shown (`{"100.0-0.1": 90.0}.get(f"{s}-{discount}")`, r45).
 * The same input reached through a tolerance is the same special case (r45): `abs(s - 100.0) < 1e-9`,
 * `math.isclose(s, 100.0)` with a literal the failure shows, or a narrow range around one
 * (`99.99 < s < 100.01`: narrower than 5% of the shown value). A tolerance that names no shown value
 * (`abs(d) < 1e-9`, `isclose(a, b)`) is ordinary numeric code.
 */
// the literal after the comparison, and the one before it, read apart: in `f"{s}" == "100.0"` the first
// string is compared too, and one match of both would consume the second
const STRING_COMPARED = [
  /(?:==|!=|\bin\b|\bcase\b)=?\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g,
  /(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*(?:==|!=)/g,
];
const NUMBER_COMPARED = /(?:==|!=)=?\s*(-?\d[\d_.]*)(?![\w.])/g;

const LITERAL = String.raw`(?:'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|-?\d[\d_]*(?:\.\d+)?)`;
const KEY = String.raw`(?:${LITERAL}|[([]\s*${LITERAL}(?:\s*,\s*${LITERAL})*\s*,?\s*[)\]])`;
/** `{(100.0, 0.1): 90.0`, `, 'x': 1`, `[[100, 0.1], 90]`, `((100.0, 0.1), 90.0)`, `case (100.0, 0.1):` */
const TABLE_KEYS = [
  new RegExp(String.raw`[{,]\s*(${KEY})\s*:(?!:)`, 'g'),
  new RegExp(String.raw`[[(]\s*(${KEY})\s*,\s*${LITERAL}\s*[\])]`, 'g'),
  new RegExp(String.raw`\bcase\s+(${KEY}(?:\s*\|\s*${KEY})*)`, 'g'),
];

const NUMBER = String.raw`-?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** `abs(s - 100.0) <`, `abs(100.0 - s) <=`: the literal a value is held close to */
const TOLERANCE = new RegExp(
  String.raw`\babs\s*\(\s*(?:[^()]*?[-+]\s*(${NUMBER})|(${NUMBER})\s*-[^()]*?)\s*\)\s*<`,
  'g',
);
/** `isclose(s, 100.0)`, `math.isclose(100.0, s, rel_tol=…)`, `np.isclose(s, 100.0)`, `approx(100.0)` */
const CLOSE = new RegExp(
  String.raw`\b(?:isclose|allclose|approx|assertAlmostEqual)\s*\(\s*(?:(${NUMBER})\s*[,)]|[^(),]+(?:\([^()]*\))?[^(),]*,\s*(${NUMBER})\s*[,)])`,
  'g',
);
/** `99.99 < s < 100.01`, `99.99 <= s <= 100.01` */
const RANGE = new RegExp(String.raw`(${NUMBER})\s*<=?\s*[\w.\[\]'"]+\s*<=?\s*(${NUMBER})`, 'g');

/** Whether the failure shows a literal: a string's text, or a number of the same value. */
function shown(literal: string, failureText: string, numbers: Set<number>): boolean {
  if (/^['"]/.test(literal)) {
    const text = literal.slice(1, -1);
    if (literal.length >= 4 && failureText.includes(text)) return true;
    // a key spelled from the inputs: `"100.0-0.1"`, `'100,0.1'`, every number of it shown
    const parts = [...text.matchAll(/\d[\d_]*(?:\.\d+)?/g)].map((match) => match[0]);
    return (
      parts.length > 0 &&
      /^[\d_.\s,;:|/()[\]-]*$/.test(text) &&
      parts.some((part) => part.length >= 2) &&
      parts.every((part) => numbers.has(Number(part.replace(/_/g, ''))))
    );
  }
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
      for (const match of STRING_COMPARED.flatMap((pattern) => [...line.matchAll(pattern)])) {
        const literal = match[2];
        if (literal && literal.length >= 2 && shown(`'${literal}'`, failureText, numbers)) found.add(literal);
      }
      for (const match of line.matchAll(NUMBER_COMPARED))
        if (match[1]!.length >= 2 && failureText.includes(match[1]!)) found.add(match[1]!);
      for (const literal of closeTo(line, numbers)) found.add(literal);
    }
  }
  return [...found];
}

/** The shown values a line holds a number close to: by a tolerance, `isclose`, or a narrow range. */
function closeTo(line: string, numbers: Set<number>): string[] {
  const value = (literal: string) => Number(literal.replace(/_/g, ''));
  const found: string[] = [];
  for (const pattern of [TOLERANCE, CLOSE])
    for (const match of line.matchAll(pattern)) {
      const literal = match[1] ?? match[2];
      if (literal && literal.length >= 2 && numbers.has(value(literal))) found.push(literal);
    }
  for (const match of line.matchAll(RANGE)) {
    const low = value(match[1]!);
    const high = value(match[2]!);
    for (const shownValue of numbers)
      if (low < shownValue && shownValue < high && high - low <= Math.abs(shownValue) * 0.05)
        found.push(`${match[1]} < … < ${match[2]}`);
  }
  return found;
}
