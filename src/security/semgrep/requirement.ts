import { ELLIPSIS, type Pattern } from './pattern.js';
import type { Formula } from './rule-file.js';

/**
 * Words a file must contain for a formula to match it: the identifiers and string contents a pattern
 * names literally. A file lacking them is not parsed for that rule (Semgrep prefilters the same way).
 * Negations and conditions never add words: a file can match without them.
 */
export type Requirement =
  | { kind: 'all'; words: string[] }
  | { kind: 'any'; options: Requirement[] }
  | { kind: 'both'; parts: Requirement[] };

const NOTHING: Requirement = { kind: 'all', words: [] };
const WORD_TYPES = new Set([
  'identifier',
  'property_identifier',
  'type_identifier',
  'string_content',
  'string_fragment',
]);

function patternWords(pattern: Pattern): string[] {
  const words = new Set<string>();
  const visit = (node: (typeof pattern.nodes)[number]): void => {
    if (node.children.length === 0 && WORD_TYPES.has(node.type)) {
      const text = pattern.text.slice(node.start, node.end);
      if (text.length >= 3 && !text.startsWith('__sg') && text !== ELLIPSIS) words.add(text);
    }
    for (const child of node.children) visit(child);
  };
  for (const node of pattern.nodes) visit(node);
  return [...words];
}

export function requirementOf(formula: Formula): Requirement {
  switch (formula.kind) {
    case 'pattern': {
      // One grammar's reading names the same words as another's.
      const first = formula.patterns.values().next().value;
      return first ? { kind: 'all', words: patternWords(first) } : NOTHING;
    }
    case 'regex':
      return NOTHING;
    case 'either':
      return { kind: 'any', options: formula.items.map(requirementOf) };
    case 'and':
      return {
        kind: 'both',
        parts: [...formula.positives, ...formula.insides].map(requirementOf),
      };
  }
}

export function satisfied(requirement: Requirement, text: string): boolean {
  switch (requirement.kind) {
    case 'all':
      return requirement.words.every((word) => text.includes(word));
    case 'any':
      return requirement.options.some((option) => satisfied(option, text));
    case 'both':
      return requirement.parts.every((part) => satisfied(part, text));
  }
}
