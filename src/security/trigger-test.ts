import { createRequire } from 'node:module';
import type { AST, RegExpParser } from '@eslint-community/regexpp';

/**
 * Trigger words decide whether a file is parsed at all, so every file of a scan is tested against every
 * trigger. One alternation of a hundred regular expressions is slow in V8 (it tries each alternative at
 * each position); one alternation of plain strings is fast. So each trigger is reduced to literal
 * strings one of which every match must contain (its anchors: `random` for `\brandom\b`, `Pass`/`pass`
 * for `[Pp]ass\w*=`), a single scan finds which anchors occur, and only the triggers of those run. The
 * answer is exactly that of `new RegExp(words.join('|'), 'm').test(text)`.
 */
export interface TriggerTest {
  test(text: string): boolean;
}

/** Expansion limit: a run of character classes expands into at most this many strings. */
const LIMIT = 16;
const SHORTEST_ANCHOR = 2;

/**
 * The regular-expression parser, loaded at the first word whose anchors are not known yet: the shipped
 * rules' anchors come with their artefact (rule-artefact.ts), so a `vouch scan` with no rules of the
 * team's own never loads it.
 */
let parser: RegExpParser | undefined;
const regexpParser = (): RegExpParser => {
  parser ??= new (
    createRequire(import.meta.url)('@eslint-community/regexpp') as typeof import('@eslint-community/regexpp')
  ).RegExpParser({ ecmaVersion: 2025 });
  return parser;
};

function product(left: string[] | undefined, right: string[] | undefined): string[] | undefined {
  if (!left || !right || left.length * right.length > LIMIT) return undefined;
  const out = new Set<string>();
  for (const a of left) for (const b of right) out.add(a + b);
  return [...out];
}

/** The strings `of` gives for every alternative, together; undefined when one alternative has none. */
function union(
  alternatives: AST.Alternative[],
  of: (alternative: AST.Alternative) => string[] | undefined,
): string[] | undefined {
  const out = new Set<string>();
  for (const alternative of alternatives) {
    const strings = of(alternative);
    if (!strings) return undefined;
    for (const string of strings) out.add(string);
  }
  return [...out];
}

/** Every string `node` can match, when they are few and the node has no open-ended part. */
function exact(node: AST.Node): string[] | undefined {
  switch (node.type) {
    case 'Character':
      return [String.fromCodePoint(node.value)];
    case 'Assertion':
      // `\b`, `^`, lookarounds consume nothing: the text around them is still contiguous.
      return [''];
    case 'CharacterClass': {
      if (node.negate || node.unicodeSets) return undefined;
      const chars: string[] = [];
      for (const element of node.elements) {
        if (element.type !== 'Character') return undefined;
        chars.push(String.fromCodePoint(element.value));
      }
      return chars.length > 0 && chars.length <= 4 ? chars : undefined;
    }
    case 'Group':
    case 'CapturingGroup':
    case 'Pattern': {
      const strings = union(node.alternatives, exact);
      return strings && strings.length <= LIMIT ? strings : undefined;
    }
    case 'Alternative': {
      let strings: string[] | undefined = [''];
      for (const element of node.elements) {
        strings = product(strings, exact(element));
        if (!strings) return undefined;
      }
      return strings;
    }
    case 'Quantifier': {
      if (node.max !== 1) return undefined;
      const strings = exact(node.element);
      return strings && (node.min === 1 ? strings : [...new Set(['', ...strings])]);
    }
    default:
      return undefined;
  }
}

const shortest = (strings: string[]) => Math.min(...strings.map((string) => string.length));

/** The better of two anchor sets: longer shortest anchor, then fewer anchors. */
function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const [la, lb] = [shortest(a), shortest(b)];
  if (la !== lb) return la > lb ? a : b;
  return a.length <= b.length ? a : b;
}

/** Strings one of which every match of `node` contains. */
function required(node: AST.Node): string[] | undefined {
  switch (node.type) {
    case 'Group':
    case 'CapturingGroup':
    case 'Pattern': {
      // Each alternative needs its own anchors; the union covers them all.
      return union(node.alternatives, required);
    }
    case 'Quantifier':
      return node.min >= 1 ? required(node.element) : undefined;
    case 'Alternative': {
      // Consecutive parts with few exact strings form runs (their products); any mandatory part's own
      // anchors also do. The best candidate wins.
      let best: string[] | undefined;
      let run: string[] = [''];
      const closeRun = () => {
        if (run.every((string) => string.length > 0)) best = better(best, run);
      };
      for (const element of node.elements) {
        const strings = exact(element);
        const longer = strings && product(run, strings);
        if (longer) {
          run = longer;
          continue;
        }
        closeRun();
        run = strings ?? [''];
        if (!strings) best = better(best, required(element));
      }
      closeRun();
      return best;
    }
    default: {
      const strings = exact(node);
      return strings?.every((string) => string.length > 0) ? strings : undefined;
    }
  }
}

/**
 * Literal strings one of which every match of the (case-sensitive) regular expression `source`
 * contains, or undefined when there are none of at least two characters.
 */
export function requiredLiterals(source: string): string[] | undefined {
  if (!known.has(source)) known.set(source, anchorsOf(source));
  return known.get(source);
}

/** Rule sets are built once per process and thread, but the same words recur across their groups. */
const known = new Map<string, string[] | undefined>();

/** Every word's anchors found so far in this thread (null: none), for the build's artefact (`rule-artefact.ts`). */
export function knownAnchors(): [string, string[] | null][] {
  return [...known].map(([word, anchors]) => [word, anchors ?? null]);
}

/** Anchors found at build time for the same words by the same code (the build's artefact's): they are taken as found. */
export function rememberAnchors(entries: readonly [string, string[] | null][]): void {
  for (const [word, anchors] of entries) known.set(word, anchors ?? undefined);
}

/** The anchors of `source` computed afresh, without the memo (requiredLiterals's answer). */
export function anchorsOf(source: string): string[] | undefined {
  let pattern: AST.Pattern;
  try {
    pattern = regexpParser().parsePattern(source, 0, source.length, { unicode: false });
  } catch {
    return undefined;
  }
  const strings = required(pattern);
  if (!strings || strings.length === 0 || shortest(strings) < SHORTEST_ANCHOR) return undefined;
  // `DES3` contains `DES`: where it occurs, so does `DES`.
  return strings.filter((string) => !strings.some((other) => other !== string && string.includes(other)));
}

const escapeLiteral = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A test equal to `new RegExp([...words].join('|'), 'm').test(text)`, faster on text it does not match. */
export function triggerTest(words: Iterable<string>): TriggerTest {
  const anchored: { regex: RegExp; anchors: string[] }[] = [];
  const loose: string[] = [];
  for (const word of words) {
    const anchors = requiredLiterals(word);
    if (anchors) anchored.push({ regex: new RegExp(word, 'm'), anchors });
    else loose.push(word);
  }
  const looseRegex = loose.length > 0 ? new RegExp(loose.join('|'), 'm') : undefined;
  if (anchored.length === 0) return { test: (text) => looseRegex?.test(text) ?? false };
  // Longest first: at each position the scan reports the longest anchor starting there, and a found
  // anchor stands for every anchor it contains.
  const anchors = [...new Set(anchored.flatMap((trigger) => trigger.anchors))].sort(
    (a, b) => b.length - a.length || (a < b ? -1 : 1),
  );
  const owners = new Map<string, number[]>();
  anchored.forEach((trigger, index) => {
    for (const anchor of trigger.anchors) owners.set(anchor, [...(owners.get(anchor) ?? []), index]);
  });
  // The triggers to try when the scan reports `anchor`: those owning any anchor inside it.
  const candidates = new Map<string, number[]>();
  for (const anchor of anchors) {
    const found = new Set<number>();
    for (let start = 0; start < anchor.length; start++)
      for (let end = start + SHORTEST_ANCHOR; end <= anchor.length; end++)
        for (const index of owners.get(anchor.slice(start, end)) ?? []) found.add(index);
    candidates.set(
      anchor,
      [...found].sort((a, b) => a - b),
    );
  }
  const scan = new RegExp(anchors.map(escapeLiteral).join('|'), 'g');
  return {
    test(text: string): boolean {
      if (looseRegex?.test(text)) return true;
      const tried = new Uint8Array(anchored.length);
      scan.lastIndex = 0;
      for (let match = scan.exec(text); match; match = scan.exec(text)) {
        for (const index of candidates.get(match[0])!) {
          if (tried[index]) continue;
          tried[index] = 1;
          if (anchored[index]!.regex.test(text)) return true;
        }
        // One character on, not past the match: anchors overlapping this one start inside it.
        scan.lastIndex = match.index + 1;
      }
      return false;
    },
  };
}
