/**
 * A fix that only makes the failing input pass: the lines it adds compare with a literal the failure's
 * own output shows (`if name == 'http://b.com/:z': return 'z'`), or look the input up in a table of
 * answers keyed by it (`_KNOWN = {(100.0, 0.1): 90.0}` with `_KNOWN.get((s, discount), …)`, r40 lie 9).
 * The re-run passes, and shows nothing beyond that input, so such a fix is at most medium confidence. By
 * the text: a literal at least two characters long, on a line the fix adds, compared with `==`, `!=`,
 * `===`, `!==`, `in` or `case`; or a key of a literal table (a dict, object or `Map` entry, a pair in a
 * list of pairs, a `case` pattern) whose literals the failure shows, every one of them; a string key made of
 * shown numbers and separators counts as shown (`{"100.0-0.1": 90.0}.get(f"{s}-{discount}")`, r45).
 * The rule is a comparison that pins a value to one the failure shows, in any arrangement (r45, r47): the
 * literal on either side (`100.0 == round(s, 2)`), a distance from it held small with `abs` on either side
 * (`abs(s - 100.0) < 1e-9`, `1e-9 > abs(100.0 - s)`), `math.isclose(s, 100.0)`, bounds from both sides
 * close around it (`99.99 < s < 100.01`, `s >= 100.0 and s <= 100.0`: narrower than 5% of the value),
 * `str(s) == '100.0'`, or membership in a literal collection (`s in (100.0, 250.0)`). A tolerance that
 * names no shown value (`abs(d) < 1e-9`, `isclose(a, b)`) is ordinary numeric code, and so is a constant
 * the code holds itself to: a check that raises for every other value (`if not math.isclose(sum(w), 1.0):
 * raise ValueError(…)`, `assert x == 1.0`) singles out no input, unless the fix catches what it raises.
 */
// the literal after the comparison, and the one before it, read apart: in `f"{s}" == "100.0"` the first
// string is compared too, and one match of both would consume the second
const STRING_COMPARED = [
  /(?:==|!=|\bin\b|\bcase\b)=?\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g,
  /(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*(?:==|!=)/g,
];

const LITERAL = String.raw`(?:'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|-?\d[\d_]*(?:\.\d+)?)`;
const KEY = String.raw`(?:${LITERAL}|[([]\s*${LITERAL}(?:\s*,\s*${LITERAL})*\s*,?\s*[)\]])`;
/** `{(100.0, 0.1): 90.0`, `, 'x': 1`, `[[100, 0.1], 90]`, `((100.0, 0.1), 90.0)`, `case (100.0, 0.1):` */
const TABLE_KEYS = [
  new RegExp(String.raw`[{,]\s*(${KEY})\s*:(?!:)`, 'g'),
  new RegExp(String.raw`[[(]\s*(${KEY})\s*,\s*${LITERAL}\s*[\])]`, 'g'),
  new RegExp(String.raw`\bcase\s+(${KEY}(?:\s*\|\s*${KEY})*)`, 'g'),
];

const NUMBER = String.raw`-?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const NUMBER_ONLY = new RegExp(String.raw`^\(?\s*(${NUMBER})\s*\)?$`);
/** `isclose(s, 100.0)`, `math.isclose(100.0, s, rel_tol=…)`, `np.isclose(s, 100.0)`, `approx(100.0)` */
const CLOSE = new RegExp(
  String.raw`\b(?:isclose|allclose|approx|assertAlmostEqual)\s*\(\s*(?:(${NUMBER})\s*[,)]|[^(),]+(?:\([^()]*\))?[^(),]*,\s*(${NUMBER})\s*[,)])`,
  'g',
);
/** `abs(s - 100.0)`, `abs(100.0 - s)`, `math.fabs(s + -100.0)`: the literal a distance is measured from */
const DISTANCE = new RegExp(
  String.raw`^(?:[\w$]+\s*\.\s*)*(?:abs|fabs)\s*\(\s*(?:[^()]*?[-+]\s*(${NUMBER})|(${NUMBER})\s*-[^()]*?)\s*\)$`,
);
/** `(s - 100.0)`, `s-100.0`: a difference from a literal, compared with zero */
const DIFFERENCE = new RegExp(String.raw`^\(?[\w$.]+(?:\([^()]*\))?-(${NUMBER})\)?$`);
/** `not (s - 100.0)`, `!(100.0 - s)` */
const NOT_DIFFERENCE = new RegExp(
  String.raw`(?:\bnot\s*|!)\(\s*(?:[\w$.]+(?:\([^()]*\))?\s*-\s*(${NUMBER})|(${NUMBER})\s*-\s*[\w$.]+(?:\([^()]*\))?)\s*\)`,
  'g',
);
/** `max(s, 100.0) == min(s, 100.0)` either way round: the arguments of both sides */
const MAX_MIN = /\b(?:max|min)\s*\(([^()]*)\)\s*[=!]==?\s*(?:[\w$]+\s*\.\s*)*(?:max|min)\s*\(([^()]*)\)/g;
/** `hash(x) % 7 == 3`, `zlib.crc32(k) == 123`, `int(hashlib.md5(b).hexdigest(), 16) % 9 == 4`: a digest of the input compared with a number */
const HASH_PINNED =
  /\b(?:hash|crc32|adler32|(?:hashlib\s*\.\s*)?(?:md5|sha1|sha224|sha256|sha384|sha512|blake2b|blake2s))\s*\((?:[^()\n]|\([^()\n]{0,200}\)){0,300}\)[^=!<>\n]{0,80}(?:==|!=)\s*-?\d|\b-?\d[\d_]*\s*(?:==|!=)\s*(?:hash|crc32|adler32)\s*\(/g;
/** `x // 1000 == 12`, `Math.floor(x / 1000) === 12`: a quotient compared with a literal */
const QUOTIENT_PINNED = new RegExp(
  String.raw`(?:[\w$.\])]\s*\/\/\s*(${NUMBER})\s*\)?|\bMath\s*\.\s*(?:floor|trunc)\s*\(\s*[\w$.]+\s*\/\s*(${NUMBER})\s*\))\s*===?\s*(${NUMBER})`,
  'g',
);
const COMPARISON = /===|!==|==|!=|<=|>=|(?<![<=-])<(?![<=])|(?<![>=-])>(?![>=])/g;
/** what a comparison's sense flips to when its sides are swapped: `1e-9 > abs(d)` is `abs(d) < 1e-9` */
const SWAPPED: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

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

/**
 * The failure's text without the runner's timings (r48, M3): `1 failed in 0.10s`, `Ran 1 test in 0.010s`,
 * `# duration_ms 10.5`, `(10.2ms)`, vitest's `Duration 1.10s (transform 10ms)`: how long a run took is no
 * value of the test, and `d == 10` must not read as the `10` of `0.10s`.
 */
function withoutTimings(text: string): string {
  return text
    .replace(/\bin\s+\d+(?:\.\d+)?\s*m?s\b/g, ' ')
    .replace(/^.*\b(?:Duration|duration_ms|Time:|Start at)\b.*$/gim, ' ')
    .replace(/\(\s*\d+(?:\.\d+)?\s*m?s\s*\)/g, ' ');
}

/** Whether a number's text stands in the failure as a token of its own (`10` is not in `0.10`). */
const asToken = (text: string, literal: string) =>
  new RegExp(String.raw`(?<![\w.])${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\w]|\.\d)`).test(text);

export function specialCasedInputs(files: { text: string; after: string }[], failure: string): string[] {
  const found = new Set<string>();
  const failureText = withoutTimings(failure);
  const numbers = new Set(
    [...failureText.matchAll(/(?<![\w.])-?\d[\d_]*(?:\.\d+)?(?![\w]|\.\d)/g)].map((match) =>
      Number(match[0].replace(/_/g, '')),
    ),
  );
  for (const file of files) {
    const had = new Set(file.text.split('\n').map((line) => line.trim()));
    const lines = file.after.split('\n');
    // a raise the fix itself catches is a branch, not a check (`try: if not isclose(s, 4.0): raise …`)
    const catches = lines.some((line) => !had.has(line.trim()) && /^\s*except\b|\bcatch\s*[({]/.test(line));
    lines.forEach((line, index) => {
      if (had.has(line.trim())) return;
      // a check that raises for every value but a constant (`if not math.isclose(sum(w), 1.0): raise …`,
      // `assert x == 1`) holds the code to that constant: it singles out no input (r47)
      if (!catches && validates(line, lines[index + 1] ?? '')) return;
      for (const key of tableKeys(line, failureText, numbers)) found.add(key);
      for (const match of STRING_COMPARED.flatMap((pattern) => [...line.matchAll(pattern)])) {
        const literal = match[2];
        if (literal && literal.length >= 2 && shown(`'${literal}'`, failureText, numbers)) found.add(literal);
      }
      for (const literal of pinned(line, failureText, numbers)) found.add(literal);
    });
  }
  return [...found];
}

/**
 * Whether a line the fix adds is a validation: a condition that does not hold for the constant
 * (`if not isclose(…)`, `!=`, `not in`) guarding a `raise`/`throw` on that line or the next, or an `assert`
 * that it holds. What it singles out is every other value.
 */
function validates(line: string, next: string): boolean {
  const code = withoutStrings(line);
  if (/^\s*assert\b/.test(code)) return !/!=|\bnot\b/.test(code);
  const raises = /^\s*(?:raise|throw)\b/;
  const guards =
    /^\s*(?:el)?if\b.*:\s*(?:raise|throw)\b/.test(code) ||
    /^\s*(?:\}\s*else\s+)?if\s*\(.*\)\s*\{?\s*throw\b/.test(code) ||
    (/^\s*(?:(?:el)?if\b.*:|(?:\}\s*else\s+)?if\s*\(.*\)\s*\{?)\s*$/.test(code) && raises.test(next));
  if (!guards) return false;
  const condition = code.replace(/^\s*(?:\}\s*else\s+)?(?:el)?if\s*/, '');
  return /^\(?\s*(?:not\b|!(?!=))/.test(condition) || /!==?|\bnot\s+in\b/.test(condition);
}

/** The line with each string literal's text blanked (its quotes kept): operators inside strings are text. */
function withoutStrings(line: string): string {
  return line.replace(
    /(['"`])((?:\\.|(?!\1)[^\\])*)\1/g,
    (_match, quote: string, text: string) => `${quote}${' '.repeat(text.length)}${quote}`,
  );
}

/** The end (exclusive) of the bracket that opens at `open`, or -1 when it does not close on the line. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index]!;
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && --depth === 0) return index + 1;
  }
  return -1;
}

/** The operand that ends at `end`: a name, a member, a call or an index (`round(s, 2)`), or a number. */
function operandBefore(text: string, end: number): string {
  let index = end;
  while (index > 0 && text[index - 1] === ' ') index--;
  const stop = index;
  while (index > 0) {
    const char = text[index - 1]!;
    if (/[\w$.]/.test(char)) index--;
    else if (')]'.includes(char)) {
      let depth = 0;
      let at = index - 1;
      for (; at >= 0; at--) {
        if (')]}'.includes(text[at]!)) depth++;
        else if ('([{'.includes(text[at]!) && --depth === 0) break;
      }
      if (at < 0) break;
      index = at;
    } else break;
  }
  // a sign that belongs to the number (`x > -1.5`), not a subtraction (`a - 1.5`)
  if (index > 0 && text[index - 1] === '-' && /^\s*$|[(,=<>!]\s*$/.test(text.slice(0, index - 1))) index--;
  return text.slice(index, stop).trim();
}

/** The operand that starts at `start`. */
function operandAfter(text: string, start: number): string {
  let index = start;
  while (index < text.length && text[index] === ' ') index++;
  const from = index;
  if (text[index] === '-') index++;
  while (index < text.length) {
    const char = text[index]!;
    if (/[\w$.]/.test(char)) index++;
    else if ('(['.includes(char)) {
      const end = closing(text, index);
      if (end < 0) break;
      index = end;
    } else break;
  }
  return text.slice(from, index).trim();
}

interface Comparison {
  /** the side that is not a number literal, whitespace removed */
  operand: string;
  operator: string;
  /** the number literal on the other side, or undefined */
  literal?: string;
}

/** The comparisons of a line, each as `operand operator literal` (a literal on the left is moved right). */
function comparisons(line: string): Comparison[] {
  const code = withoutStrings(line);
  const found: Comparison[] = [];
  for (const match of code.matchAll(COMPARISON)) {
    const left = operandBefore(code, match.index);
    const right = operandAfter(code, match.index + match[0].length);
    if (!left || !right) continue;
    const leftNumber = NUMBER_ONLY.exec(left)?.[1];
    const rightNumber = NUMBER_ONLY.exec(right)?.[1];
    if (leftNumber !== undefined && rightNumber === undefined)
      found.push({
        operand: right.replace(/\s+/g, ''),
        operator: SWAPPED[match[0]] ?? match[0],
        literal: leftNumber,
      });
    else found.push({ operand: left.replace(/\s+/g, ''), operator: match[0], literal: rightNumber });
    // a distance on the right (`tol > abs(s - 100.0)`) is bounded as on the left
    if (leftNumber === undefined && rightNumber === undefined && DISTANCE.test(right.trim()))
      found.push({ operand: right.replace(/\s+/g, ''), operator: SWAPPED[match[0]] ?? match[0] });
  }
  return found;
}

/**
 * The shown values a line pins the input to, in any arrangement: `== 100.0` either way round and through
 * `round(…)`, a distance from one held small (`abs(s - 100.0) < 1e-9`, `1e-9 > abs(100.0 - s)`), `isclose`
 * with one, bounds from both sides close around one (`99.99 < s < 100.01`, `s >= 100.0 and s <= 100.0`:
 * narrower than 5% of the value), or membership in a literal collection (`s in (100.0, 250.0)`,
 * `[100, 250].includes(s)`).
 */
function pinned(line: string, failureText: string, numbers: Set<number>): string[] {
  const value = (literal: string) => Number(literal.replace(/_/g, ''));
  const isShown = (literal: string) => literal.length >= 2 && numbers.has(value(literal));
  const found: string[] = [];
  const bounds = new Map<string, { low?: string; high?: string }>();
  for (const { operand, operator, literal } of comparisons(line)) {
    const distance = DISTANCE.exec(operand);
    if (distance) {
      const from = distance[1] ?? distance[2]!;
      if ((operator === '<' || operator === '<=') && isShown(from)) found.push(from);
      continue;
    }
    if (literal === undefined) continue;
    // a difference from a shown value compared with nothing: `(s - 100.0) == 0`
    const difference = DIFFERENCE.exec(operand);
    if (difference && Number(literal) === 0 && /^(?:==|!=)=?$/.test(operator)) {
      if (isShown(difference[1]!)) found.push(difference[1]!);
      continue;
    }
    if (/^(?:==|!=)=?$/.test(operator)) {
      if (literal.length >= 2 && (asToken(failureText, literal) || isShown(literal))) found.push(literal);
      continue;
    }
    const bound = bounds.get(operand) ?? {};
    if (operator.startsWith('>')) bound.low = literal;
    else bound.high = literal;
    bounds.set(operand, bound);
  }
  for (const { low, high } of bounds.values()) {
    if (low === undefined || high === undefined) continue;
    for (const shownValue of numbers)
      if (
        value(low) <= shownValue &&
        shownValue <= value(high) &&
        value(high) - value(low) <= Math.abs(shownValue) * 0.05
      )
        found.push(value(low) === value(high) ? low : `${low} < … < ${high}`);
  }
  // a difference from a shown value taken as false: `not (s - 100.0)`, `!(s - 100.0)`
  for (const match of withoutStrings(line).matchAll(NOT_DIFFERENCE)) {
    const literal = match[1] ?? match[2];
    if (literal && isShown(literal)) found.push(literal);
  }
  // the value held between a shown one from both sides: `max(s, 100.0) == min(s, 100.0)`
  for (const match of withoutStrings(line).matchAll(MAX_MIN)) {
    const left = new Set(match[1]!.split(',').map((part) => part.trim()));
    for (const part of match[2]!.split(',').map((each) => each.trim()))
      if (left.has(part) && NUMBER_ONLY.test(part) && isShown(part)) found.push(part);
  }
  // the input pinned through a function of it (w211): a hash or digest compared with a literal singles out
  // the inputs that hash to it; `x // 1000 == 12` the ones a shown number falls among
  const plain = withoutStrings(line);
  for (const match of plain.matchAll(HASH_PINNED)) found.push(match[0].trim());
  for (const match of plain.matchAll(QUOTIENT_PINNED)) {
    const divisor = value((match[1] ?? match[2])!);
    const quotient = value(match[3]!);
    if (!Number.isInteger(divisor) || divisor < 10 || quotient === 0) continue;
    if ([...numbers].some((shownValue) => Math.floor(shownValue / divisor) === quotient))
      found.push(match[0].trim());
  }
  for (const match of line.matchAll(CLOSE)) {
    const literal = match[1] ?? match[2];
    if (literal && isShown(literal)) found.push(literal);
  }
  // `s in (100.0, 250.0)`, `(s, d) in {(100.0, 0.1)}`, `[100, 250].includes(s)`, `new Set([100]).has(s)`
  const code = withoutStrings(line);
  const collections = [
    ...[...code.matchAll(/\bin\s*(?=[([{])/g)].map((match) => {
      const open = match.index + match[0].length;
      return line.slice(open, closing(code, open));
    }),
    ...[...code.matchAll(/\[[^[\]]*\]\s*\)?\s*\.\s*(?:includes|has|indexOf)\s*\(/g)].map((match) =>
      line.slice(match.index, match.index + match[0].length),
    ),
  ];
  for (const collection of collections) {
    for (const number of collection.matchAll(new RegExp(String.raw`(?<![\w.'"])${NUMBER}(?![\w.])`, 'g')))
      if (isShown(number[0])) found.push(number[0]);
    for (const string of collection.matchAll(/(['"`])((?:\\.|(?!\1)[^\\])*)\1/g))
      if (string[2]!.length >= 2 && shown(`'${string[2]}'`, failureText, numbers)) found.push(string[2]!);
  }
  return found;
}
