import type { LanguageId } from '../../core/languages.js';
import { escapeRegExp } from '../../core/regexp.js';
import { definedNames } from './reading-support.js';

/**
 * Code that knows its own tests: it answers the exact inputs they use from a table instead of computing
 * the answer (`is_prime` true for {2, 3, 5, 7, 13, 97}). Its tests pass, and show nothing beyond those
 * inputs. The same idea as a debug fix that only makes the failing input pass (debug/special-case.ts),
 * read here against the tests' literals: a group of literals the code compares its input with — a
 * collection it tests membership in, or the `==`/`case` comparisons that lead straight to a constant
 * answer — of which at least four that are not everyday values (-1…2, '', one character) are literals of
 * the tests, and they are nearly all of the group. Enumerations that belong to the problem (the months
 * with 31 days) are not flagged unless the tests use nearly every one of them.
 */
export interface SpecialCase {
  /** 1-based line of the code */
  line: number;
  /** the test literals the code singles out */
  literals: string[];
}

const MIN_SHARED = 4;
const SHARE = 0.8;

const NUMBER = String.raw`-?\d[\d_]*(?:\.\d+)?`;
const STRING = String.raw`'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|\x60(?:\\.|[^\x60\\$\n])*\x60`;
const LITERAL = new RegExp(`${STRING}|(?<![\\w.])${NUMBER}(?![\\w.])`, 'g');

/** A literal as a value: quotes and number spellings normalised (`'a'` and `"a"` are one). */
function normalise(token: string): string {
  if (/^['"`]/.test(token)) return `s:${token.slice(1, -1)}`;
  const value = Number(token.replace(/_/g, ''));
  return Number.isFinite(value) ? `n:${value}` : `?:${token}`;
}

function everyday(key: string): boolean {
  if (key.startsWith('s:')) return key.length <= 3;
  const value = Number(key.slice(2));
  return Number.isInteger(value) && value >= -1 && value <= 2;
}

function literalsOf(text: string): string[] {
  return [...text.matchAll(LITERAL)].map((match) => normalise(match[0]));
}

/** The text inside the parentheses that open at `open` (strings skipped), or the rest when unbalanced. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  let quote = '';
  for (let index = open; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = '';
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, index);
    }
  }
  return text.slice(open + 1);
}

/**
 * The inputs the tests give the code, as values: the literal arguments of its calls, and the literals of
 * the tables and loops that feed them (`parametrize`, `it.each`, `for n in [...]`). Expected values are
 * left out: code may well compare with its own outputs.
 */
function testInputs(tests: string, code: string, language: LanguageId): Set<string> {
  const inputs = new Set<string>();
  const names = definedNames(code, language).map(escapeRegExp);
  const feeders = [
    ...(names.length
      ? [`(?<![\\w$.])(?:${names.join('|')})\\s*\\(`, `\\.(?:${names.join('|')})\\s*\\(`]
      : []),
    String.raw`\bparametrize\s*\(`,
    String.raw`\.each\s*\(`,
    String.raw`\bfor\s+[\w$, ()]+?\s+(?:in|of)\s+(?=[[({])`,
    String.raw`\bfor\s*\(\s*(?:const|let|var)\s+[\w$]+\s+of\s+(?=[[({])`,
  ];
  for (const feeder of feeders)
    for (const match of tests.matchAll(new RegExp(feeder, 'g'))) {
      const open = match.index + match[0].length - (match[0].endsWith('(') ? 1 : 0);
      for (const key of literalsOf(argumentsAt(tests, open))) inputs.add(key);
    }
  return inputs;
}

/** `{2, 3, 5}` / `[…]` / `(…)` holding only literals (at least one). */
const COLLECTION = new RegExp(
  String.raw`[[{(]\s*((?:${STRING}|${NUMBER})(?:\s*,\s*(?:${STRING}|${NUMBER}))*)\s*,?\s*[\]})]`,
  'g',
);

/** `for p in [2, 3, 5]`: the literals are walked through, not looked up (trial division by small primes). */
const ITERATION = /\bfor\s+[\w, ()]+?\s+in\s*(?:frozenset\(|set\()?\s*$/;

interface Group {
  line: number;
  keys: string[];
}

function lineAt(code: string, index: number): number {
  return code.slice(0, index).split('\n').length;
}

function groupsOf(code: string, language: LanguageId): Group[] {
  const python = language === 'python';
  const groups: Group[] = [];
  // names bound to a literal collection: `KNOWN = {2, 3, 5}`, `const KNOWN = new Set([2, 3, 5])`
  const named = new Map<string, Group>();
  for (const match of code.matchAll(COLLECTION)) {
    const before = code.slice(Math.max(0, match.index - 60), match.index);
    const after = code.slice(match.index + match[0].length, match.index + match[0].length + 20);
    const group = { line: lineAt(code, match.index), keys: literalsOf(match[1]!) };
    const binding =
      /(?:^|\n)\s*(?:(?:export\s+)?(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*(?::[^=\n]*)?=\s*(?:frozenset\(|set\(|new Set\()?\s*$/.exec(
        before,
      );
    const membership = python
      ? /\bin\s*(?:frozenset\(|set\()?\s*$/.test(before) && !ITERATION.test(before)
      : /^\s*\)?\s*\.(?:includes|has|indexOf)\s*\(/.test(after);
    if (membership) groups.push(group);
    else if (binding) named.set(binding[1]!, group);
  }
  for (const [name, group] of named) {
    const used = python
      ? [...code.matchAll(new RegExp(`\\bin\\s+${name}\\b`, 'g'))].some(
          (match) => !ITERATION.test(code.slice(Math.max(0, match.index - 60), match.index + 2)),
        )
      : new RegExp(`(?<![\\w$])${name}\\s*\\.(?:includes|has|indexOf)\\s*\\(`).test(code);
    if (used) groups.push(group);
  }
  // `== L` / `case L` comparisons whose branch gives a constant answer at once
  const compared: Group = { line: 0, keys: [] };
  const constant = python
    ? /^(?:True|False|None|-?\d[\d_.]*|'[^']*'|"[^"]*")$/
    : /^(?:true|false|null|undefined|-?\d[\d_.]*|'[^']*'|"[^"]*"|`[^`$]*`)$/;
  const returnsConstant = (text: string) => {
    const value = /\breturn\s+(.+?)\s*;?\s*$/.exec(text)?.[1];
    return value !== undefined && constant.test(value);
  };
  const lines = code.split('\n');
  lines.forEach((line, index) => {
    const comparisons = [
      ...line.matchAll(
        new RegExp(`(?:===?|\\bcase)\\s*(${STRING}|${NUMBER})|(${STRING}|${NUMBER})\\s*===?`, 'g'),
      ),
    ];
    if (comparisons.length === 0) return;
    const next = lines.slice(index + 1).find((candidate) => candidate.trim() !== '') ?? '';
    if (!returnsConstant(line) && !returnsConstant(next)) return;
    for (const match of comparisons) {
      compared.keys.push(normalise(match[1] ?? match[2]!));
      compared.line ||= index + 1;
    }
  });
  if (compared.keys.length) groups.push(compared);
  return groups;
}

/** The groups of literals in `code` that single out the literals of `tests`. */
export function specialCasedInputs(code: string, tests: string, language: LanguageId): SpecialCase[] {
  const inTests = testInputs(tests, code, language);
  const found: SpecialCase[] = [];
  for (const group of groupsOf(code, language)) {
    const keys = [...new Set(group.keys)].filter((key) => !everyday(key));
    const shared = keys.filter((key) => inTests.has(key));
    if (shared.length >= MIN_SHARED && shared.length >= SHARE * keys.length)
      found.push({ line: group.line, literals: shared.map((key) => key.slice(2)) });
  }
  return found;
}
