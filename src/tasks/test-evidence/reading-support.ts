import type { LanguageId } from '../../core/languages.js';
import { escapeRegExp } from '../../core/regexp.js';
import type { SyntaxNode } from '../../syntax/parser.js';

/**
 * What a test suite does with the code it tests, read from its text: each test, whether its assertions
 * can fail (not swallowed by a try/except), whether it calls the real code (not a mock of it), and whether
 * an assertion compares what the code returned. The reading is static and errs towards "evidence": a
 * test is flagged only for a shape that shows it, and the mutants decide the rest (`measure.ts`).
 */
export type TestProblem = 'swallowed-assertion' | 'mocks-subject' | 'no-result-assertion' | 'reads-source';

export interface ProblemAt {
  problem: TestProblem;
  /** 1-based line in the suite */
  line: number;
  /** what was seen: `except AssertionError`, `patch.object(solution, 'is_prime')`, `toBeDefined()` */
  evidence: string;
}

export interface TestReading {
  name: string;
  /** 1-based */
  line: number;
  problems: ProblemAt[];
}

export interface SuiteReading {
  tests: TestReading[];
  /** the code's names the suite calls (the functions under test) */
  subjects: string[];
}

/** One assertion's kind: compares a result, checks its truth one way, or shows nothing about it. */
export type Strength = 'compares' | 'truthy' | 'falsy' | 'weak';

export interface Assertion {
  strength: Strength;
  /** the subject name or result variable it is about (for the truthy/falsy pairing) */
  about?: string;
  line: number;
  text: string;
}

export interface Unit {
  name: string;
  node: SyntaxNode;
  /** the text the unit's rules read: decorators included */
  text: string;
  line: number;
}

const TRIVIAL_TRUTHY = /^\s*(?:True|False|true|false|1|0|None|null|undefined)\s*$/;

/** Names a candidate defines at the top level: what its tests are meant to call. */
export function definedNames(code: string, language: LanguageId): string[] {
  const pattern =
    language === 'python'
      ? /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/gm
      : /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
  return [...new Set([...code.matchAll(pattern)].map((match) => match[1] as string))];
}

export function callsOf(names: readonly string[]): RegExp | undefined {
  if (names.length === 0) return undefined;
  return new RegExp(`(?<![\\w$])(?:${names.map(escapeRegExp).join('|')})\\s*(?:<[^>()]*>\\s*)?\\(`);
}

export function mentions(text: string, names: readonly string[]): string | undefined {
  for (const name of names)
    if (new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`).test(text)) return name;
  return undefined;
}

export function descendants(
  node: SyntaxNode,
  types: readonly string[],
  found: SyntaxNode[] = [],
): SyntaxNode[] {
  for (const child of node.namedChildren) {
    if (types.includes(child.type)) found.push(child);
    descendants(child, types, found);
  }
  return found;
}

export function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line.trim();
}

export const PY_COMPARISON =
  /==|!=|<=|>=|<|>|\bnot\s+in\b|\bin\b|\bis\s+None\b|\bis\s+(?:True|False)\b|\bis\b(?!\s+not\s+None)/;
export const NODE_COMPARISON = /===?|!==?|<=|>=|<|>|\bin\b/;

/**
 * An assert's condition: a comparison of something the code returned (`f(2) == 4`, `r in (1, 2)`,
 * `f(x) is None`), its bare truth (`f(7)`, `not f(8)`: a predicate, evidence only when the suite checks
 * both ways), or nothing about it (`isinstance(r, str)`, `r is not None`, `True`).
 */
export function classifyCondition(
  condition: string,
  about: readonly string[],
  language: 'python' | 'node',
): { strength: Strength; about?: string } {
  if (!mentions(condition, about) || TRIVIAL_TRUTHY.test(condition)) return { strength: 'weak' };
  const call = String.raw`\([^()]*(?:\([^()]*\)[^()]*)*\)`;
  const stripped =
    language === 'python'
      ? condition
          .replace(new RegExp(String.raw`\btype\s*${call}\s*(?:==|is)\s*[\w.]+`, 'g'), ' _weak ')
          .replace(
            new RegExp(String.raw`\b(?:isinstance|issubclass|callable|hasattr)\s*${call}`, 'g'),
            ' _weak ',
          )
          .replace(/\bis\s+not\s+None\b|!=\s*None\b/g, ' _weak ')
      : condition
          .replace(/\btypeof\s+[^=!&|]+?[!=]==?\s*(['"`])\w*\1/g, ' _weak ')
          .replace(/\binstanceof\s+[\w$.]+/g, ' _weak ')
          .replace(/!==?\s*(?:undefined|null)\b/g, ' _weak ');
  const target = mentions(stripped, about);
  if (target && (language === 'python' ? PY_COMPARISON : NODE_COMPARISON).test(stripped))
    return { strength: 'compares', about: target };
  if (!target || /\b_weak\b/.test(stripped)) return { strength: 'weak' };
  const negated = language === 'python' ? /^\s*not\b/.test(condition) : /^\s*!/.test(condition);
  return { strength: negated ? 'falsy' : 'truthy', about: target };
}

/**
 * Where a test reads the text of the code it tests instead of running it (`inspect.getsource(f)`,
 * `f.__code__`, `String(f)`, `f.toString()`, the module's file opened and read): such a test fails on any
 * change to the text, a renamed variable as much as a wrong answer, so the mutants it kills say nothing
 * about what the code does. `names` are the code's own functions and classes; `module` its module name.
 */
export function sourceReadings(
  text: string,
  {
    names,
    module,
    python,
    lineOffset,
  }: { names: readonly string[]; module: string; python: boolean; lineOffset: number },
): ProblemAt[] {
  const alternatives = names.map(escapeRegExp).join('|');
  const name = alternatives ? `(?:${alternatives})` : '(?!)';
  const file = escapeRegExp(module);
  const patterns = python
    ? [
        /\b(?:inspect\.)?getsource(?:lines|file)?\s*\(/g,
        /\binspect\.getfile\s*\(/g,
        /\.__code__\b|\bco_code\b/g,
        /\bdis\.(?:dis|Bytecode|get_instructions)\s*\(/g,
        new RegExp(String.raw`\b${file}\.__file__\b`, 'g'),
        new RegExp(
          String.raw`(?:open|read_text|read_bytes|Path)\s*\([^)\n]*['"][^'"\n]*\b${file}\.py['"]`,
          'g',
        ),
      ]
    : [
        new RegExp(String.raw`(?<![\w$.])String\s*\(\s*${name}\s*\)`, 'g'),
        new RegExp(String.raw`(?<![\w$.])${name}\s*\.\s*toString\s*\(\s*\)`, 'g'),
        new RegExp(String.raw`\btoString\s*\.\s*(?:call|apply)\s*\(\s*${name}\s*[,)]`, 'g'),
        new RegExp(String.raw`\x60\s*\$\{\s*${name}\s*\}\s*\x60`, 'g'),
        new RegExp(
          String.raw`\breadFile(?:Sync)?\s*\([^;\n]*['"\x60][^'"\x60\n]*\b${file}\.(?:[cm]?[jt]sx?)['"\x60]`,
          'g',
        ),
      ];
  const problems: ProblemAt[] = [];
  for (const pattern of patterns)
    for (const match of text.matchAll(pattern))
      problems.push({
        problem: 'reads-source',
        line: lineOffset + text.slice(0, match.index).split('\n').length - 1,
        evidence: firstLine(match[0]),
      });
  return problems.sort((a, b) => a.line - b.line);
}

/** The code's names a test could read the text of: functions and classes (not constants' values). */
export function functionNames(code: string, language: LanguageId): string[] {
  if (language === 'python') return definedNames(code, language);
  const pattern =
    /^(?:export\s+)?(?:default\s+)?(?:(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)|class\s+([A-Za-z_$][\w$]*)|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=\n]+)?=>|[A-Za-z_$][\w$]*\s*=>|class\b))/gm;
  return [
    ...new Set([...code.matchAll(pattern)].map((match) => (match[1] ?? match[2] ?? match[3]) as string)),
  ];
}
