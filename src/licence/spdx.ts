import { createRequire } from 'node:module';

/**
 * The SPDX libraries npm itself relies on, typed here because they ship no declarations:
 * - spdx-expression-parse: the reference parser for licence expressions (AND / OR / WITH / `+`);
 * - spdx-correct: maps the free text people put in `license` fields ("Apache 2", "MIT/X11") to an id;
 * - spdx-satisfies: whether a leaf licence is covered by a policy id, including `+` / `-or-later` ranges;
 * - spdx-license-ids / spdx-exceptions: the official lists, to tell a known id from a typo.
 * Verdicts need three values (allow / review / deny), so the tree walk is ours (policy.ts); the libraries
 * do the parsing, correcting and range matching they are good at.
 */
const require = createRequire(import.meta.url);

export type SpdxNode =
  | { license: string; plus?: true; exception?: string }
  | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode };

export type SpdxLeaf = Extract<SpdxNode, { license: string }>;

export const parseSpdx = require('spdx-expression-parse') as (expression: string) => SpdxNode;
export const correctSpdx = require('spdx-correct') as (
  text: string,
  options?: { upgrade?: boolean },
) => string | null;
const satisfies = require('spdx-satisfies') as (expression: string, allowed: string[]) => boolean;
const ids = require('spdx-license-ids') as string[];
const deprecatedIds = require('spdx-license-ids/deprecated.json') as string[];
const exceptions = require('spdx-exceptions') as string[];

const KNOWN = new Set([...ids, ...deprecatedIds]);
const KNOWN_EXCEPTIONS = new Set(exceptions);

export function isKnownLicenceId(id: string): boolean {
  return KNOWN.has(id);
}

export function isDeprecatedLicenceId(id: string): boolean {
  return deprecatedIds.includes(id);
}

export function isKnownException(id: string): boolean {
  return KNOWN_EXCEPTIONS.has(id);
}

export function isLeaf(node: SpdxNode): node is SpdxLeaf {
  return 'license' in node;
}

/** The expression text of a leaf, as SPDX writes it. */
export function leafText(leaf: SpdxLeaf): string {
  return `${leaf.license}${leaf.plus ? '+' : ''}${leaf.exception ? ` WITH ${leaf.exception}` : ''}`;
}

/** Writes a parsed tree back as an expression, parenthesising mixed conjunctions. */
export function writeSpdx(node: SpdxNode, parent?: 'and' | 'or'): string {
  if (isLeaf(node)) return leafText(node);
  const text = `${writeSpdx(node.left, node.conjunction)} ${node.conjunction.toUpperCase()} ${writeSpdx(node.right, node.conjunction)}`;
  return parent && parent !== node.conjunction ? `(${text})` : text;
}

/**
 * Whether a single licence (`leaf`) is covered by the policy entry `id` (`GPL-2.0-or-later` covers
 * `GPL-3.0-only`). LicenseRef-* and unknown ids make spdx-satisfies throw: those only match themselves.
 */
export function leafSatisfies(leaf: SpdxLeaf, id: string): boolean {
  const text = leafText(leaf);
  if (text === id) return true;
  try {
    return satisfies(text, [id]);
  } catch {
    return false;
  }
}
