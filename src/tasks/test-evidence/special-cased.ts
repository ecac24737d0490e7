import type { LanguageId } from '../../core/languages.js';

/**
 * Code that knows its own tests: it answers the exact inputs they use from a table instead of computing
 * the answer (`is_prime` true for {2, 3, 5, 7, 13, 97}). Its tests pass, and show nothing beyond those
 * inputs. The same idea as a debug fix that only makes the failing input pass (debug/special-case.ts),
 * read here against the tests' literals: a group of literals the code compares its input with — a
 * collection it tests membership in, or the `==`/`case` comparisons that lead straight to a constant
 * answer — of which at least three that are not everyday values (-1…2, '', one character) are literals of
 * the tests, and they are nearly all of the group. Enumerations that belong to the problem (the months
 * with 31 days) are not flagged unless the tests use nearly every one of them.
 */
export interface SpecialCase {
  /** 1-based line of the code */
  line: number;
  /** the test literals the code singles out */
  literals: string[];
}

const MIN_SHARED = 3;
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

/** The literals of the tests, as values (the inputs they call the code with, and what they expect). */
function testLiterals(tests: string, language: LanguageId): Set<string> {
  const withoutImports = tests
    .split('\n')
    .filter(
      (line) => !(language === 'python' ? /^\s*(?:from|import)\s/ : /^\s*import\s|require\(/).test(line),
    )
    .join('\n');
  return new Set(literalsOf(withoutImports));
}

/** `{2, 3, 5}` / `[…]` / `(…)` holding only literals (at least one). */
const COLLECTION = new RegExp(
  String.raw`[[{(]\s*((?:${STRING}|${NUMBER})(?:\s*,\s*(?:${STRING}|${NUMBER}))*)\s*,?\s*[\]})]`,
  'g',
);

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
      ? /\bin\s*(?:frozenset\(|set\()?\s*$/.test(before)
      : /^\s*\)?\s*\.(?:includes|has|indexOf)\s*\(/.test(after);
    if (membership) groups.push(group);
    else if (binding) named.set(binding[1]!, group);
  }
  for (const [name, group] of named) {
    const used = python
      ? new RegExp(`\\bin\\s+${name}\\b`)
      : new RegExp(`(?<![\\w$])${name}\\s*\\.(?:includes|has|indexOf)\\s*\\(`);
    if (used.test(code)) groups.push(group);
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
  const inTests = testLiterals(tests, language);
  const found: SpecialCase[] = [];
  for (const group of groupsOf(code, language)) {
    const keys = [...new Set(group.keys)].filter((key) => !everyday(key));
    const shared = keys.filter((key) => inTests.has(key));
    if (shared.length >= MIN_SHARED && shared.length >= SHARE * keys.length)
      found.push({ line: group.line, literals: shared.map((key) => key.slice(2)) });
  }
  return found;
}
