import type { LanguageId } from '../../core/languages.js';
import type { CodeNode } from './code-tree.js';
import { literalValue } from './comparison.js';
import { type Environment, findMatches, type Match, NodeIndex } from './match.js';
import type { Condition, Formula } from './rule-file.js';

/** One file being matched: its text, tree, grammar and the index of its nodes. */
export interface Target {
  readonly text: string;
  readonly root: CodeNode;
  readonly language: LanguageId;
  readonly index: NodeIndex;
}

export function target(text: string, root: CodeNode, language: LanguageId): Target {
  return { text, root, language, index: new NodeIndex(root, text) };
}

/** Bindings agree where they share a metavariable. */
function consistent(a: Environment, b: Environment): boolean {
  for (const name in b) {
    const mine = a[name];
    if (mine && mine.key !== b[name]!.key) return false;
  }
  return true;
}

const within = (inner: Match, outer: Match) => inner.start >= outer.start && inner.end <= outer.end;

/**
 * Every match of `formula` in the part of the file under `scope`, as Semgrep's search mode evaluates it:
 * positives intersect (the narrower range kept, bindings unified), `pattern-inside` keeps matches inside
 * one of its ranges, `pattern-not` drops those with the same range and agreeing bindings,
 * `pattern-not-inside` those inside one of its ranges; metavariable conditions filter next and
 * `focus-metavariable` narrows the range last.
 */
export function evaluate(formula: Formula, file: Target, scope: CodeNode = file.root): Match[] {
  switch (formula.kind) {
    case 'pattern': {
      const pattern = formula.patterns.get(file.language);
      return pattern ? findMatches({ pattern, root: scope, code: file.text, index: file.index }) : [];
    }
    case 'regex': {
      const found: Match[] = [];
      const region = file.text.slice(scope.start, scope.end);
      formula.regex.lastIndex = 0;
      for (const match of region.matchAll(formula.regex)) {
        if (match[0].length === 0) continue;
        const start = scope.start + match.index;
        found.push({ start, end: start + match[0].length, environment: {} });
      }
      return found;
    }
    case 'either':
      return formula.items.flatMap((item) => evaluate(item, file, scope));
    case 'and':
      return conjunction(formula, file, scope);
  }
}

function conjunction(formula: Extract<Formula, { kind: 'and' }>, file: Target, scope: CodeNode): Match[] {
  const positives = formula.positives.length > 0 ? formula.positives : formula.insides.slice(0, 1);
  const insides = formula.positives.length > 0 ? formula.insides : formula.insides.slice(1);
  let matches = evaluate(positives[0]!, file, scope);
  const others = [
    ...positives.slice(1).map((other) => ({ other, either: true })),
    ...insides.map((other) => ({ other, either: false })),
  ];
  for (const { other, either } of others) {
    if (matches.length === 0) return [];
    const theirs = evaluate(other, file, scope);
    const kept: Match[] = [];
    for (const mine of matches)
      for (const their of theirs) {
        const inside = within(mine, their);
        // Two positives meet where one range holds the other; an inside only around the match.
        if (!(inside || (either && within(their, mine)))) continue;
        if (!consistent(mine.environment, their.environment)) continue;
        const narrower = inside ? mine : their;
        kept.push({ ...narrower, environment: { ...their.environment, ...mine.environment } });
      }
    matches = unique(kept);
  }
  if (matches.length > 0 && formula.nots.length > 0) {
    const nots = formula.nots.flatMap((not) => evaluate(not, file, scope));
    matches = matches.filter(
      (mine) =>
        !nots.some(
          (their) =>
            their.start === mine.start &&
            their.end === mine.end &&
            consistent(mine.environment, their.environment),
        ),
    );
  }
  if (matches.length > 0 && formula.notInsides.length > 0) {
    const notInsides = formula.notInsides.flatMap((not) => evaluate(not, file, scope));
    matches = matches.filter(
      (mine) =>
        !notInsides.some((their) => within(mine, their) && consistent(mine.environment, their.environment)),
    );
  }
  for (const condition of formula.conditions) {
    if (matches.length === 0) return [];
    matches = matches.flatMap((match) => applyCondition(condition, match, file));
  }
  for (const name of formula.focus) {
    matches = matches.flatMap((match) => {
      const bound = match.environment[name];
      if (!bound || bound.nodes.length === 0) return [];
      return [{ ...match, start: bound.nodes[0]!.start, end: bound.nodes[bound.nodes.length - 1]!.end }];
    });
  }
  return unique(matches);
}

function unique(matches: Match[]): Match[] {
  const seen = new Set<string>();
  return matches.filter((match) => {
    const key = `${match.start}:${match.end}:${Object.entries(match.environment)
      .map(([name, binding]) => `${name}=${binding.key}`)
      .sort()
      .join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function boundText(match: Match, name: string, file: Target): string | undefined {
  const bound = match.environment[name];
  if (!bound || bound.nodes.length === 0) return undefined;
  return file.text.slice(bound.nodes[0]!.start, bound.nodes[bound.nodes.length - 1]!.end);
}

function applyCondition(condition: Condition, match: Match, file: Target): Match[] {
  const bound = match.environment[condition.name];
  if (!bound) return [];
  switch (condition.kind) {
    case 'regex': {
      condition.regex.lastIndex = 0;
      return condition.regex.test(boundText(match, condition.name, file) ?? '') ? [match] : [];
    }
    case 'comparison': {
      const ok = condition.comparison((name) => {
        const node = match.environment[name]?.nodes;
        if (node?.length !== 1) return undefined;
        const text = file.text.slice(node[0]!.start, node[0]!.end);
        const value = literalValue(text, node[0]!.type);
        // `strip: true` reads a string's content as the number it spells, as Semgrep does.
        if (condition.strip && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()))
          return Number(value);
        return value;
      });
      return ok ? [match] : [];
    }
    case 'pattern': {
      const found: Match[] = [];
      for (const node of bound.nodes)
        for (const inner of evaluate(condition.formula, file, node))
          if (consistent(match.environment, inner.environment))
            found.push({ ...match, environment: { ...inner.environment, ...match.environment } });
      return found.slice(0, 1);
    }
  }
}
