import type { LanguageId } from '../core/languages.js';
import type { SyntaxNode } from './parser.js';

/**
 * Valid TypeScript the bundled tree-sitter-typescript cannot read, in the forms that hold no code that runs:
 * where the parser's recovery leaves an ERROR node or a MISSING token that hides nothing a security rule
 * could read. No published grammar reads these yet (bench/notes/2026-11-27-grammar.md: tree-sitter-typescript
 * 0.23.2, the newest on npm, still lacks the first two), so each is recognised by the exact shape the
 * recovery gives, down to the text, and anything else stays an error.
 *
 * - `export type * from './x';` and `export type * as X from './x';` (TypeScript 5.0): an `export_statement`
 *   whose whole text is that re-export, with an ERROR over `type *`.
 * - `let x: import('m').T[];`: the annotation ends at `T`, a `;` goes MISSING and `[]` becomes a statement of
 *   its own, an empty array. With an initialiser (`= value`) the value lands in an assignment to `[]`, which
 *   is not this shape, so such a file stays not verified.
 * - `type X = import('m').T;`: the alias's value stops at `import`, a `;` goes MISSING and `('m').T` becomes a
 *   statement that reads a property of a string.
 */
const TYPE_STAR_EXPORT =
  /^export\s+type\s*\*\s*(?:as\s+[\p{L}_$][\p{L}\p{N}_$]*\s+)?from\s*(["'])[^"'\n]*\1\s*;?$/u;
const EMPTY_ARRAY_STATEMENT = /^\[\]\s*;?$/;
const STRING_MEMBER_STATEMENT = /^\(\s*(["'])[^"'\n]*\1\s*\)(?:\s*\.\s*[\p{L}_$][\p{L}\p{N}_$]*)+\s*;?$/u;

/**
 * Whether a syntax error (ERROR or MISSING node) of a TypeScript tree, held by `parent`, is one of the known
 * type-only gaps. The caller names the parent: web-tree-sitter 0.22's `parent` of a MISSING token is the
 * deepest node that ends where it stands, not the node that holds it.
 */
export function isTypeOnlyGap({
  node,
  parent,
  language,
}: {
  node: SyntaxNode;
  parent: SyntaxNode;
  language: LanguageId;
}): boolean {
  if (language !== 'typescript' && language !== 'tsx') return false;
  if (node.isError) return parent.type === 'export_statement' && TYPE_STAR_EXPORT.test(parent.text);
  if (!node.isMissing || node.type !== ';') return false;
  const next = parent.nextSibling;
  if (next?.type !== 'expression_statement' || next.startIndex !== parent.endIndex) return false;
  if (parent.type === 'lexical_declaration' || parent.type === 'variable_declaration')
    return annotatedWithImportType(parent) && EMPTY_ARRAY_STATEMENT.test(next.text);
  if (parent.type === 'type_alias_declaration')
    return parent.childForFieldName('value')?.text === 'import' && STRING_MEMBER_STATEMENT.test(next.text);
  return false;
}

/**
 * The declaration's last declarator has a type `import('m').T` and no value. The recovery reads the type as a
 * call, so its arguments are held to what TypeScript allows there, a string and an options object of
 * constants (`{ with: { 'resolution-mode': 'import' } }`): `import(cp.exec(c)).T[]` is code that runs (r23).
 */
function annotatedWithImportType(declaration: SyntaxNode): boolean {
  const declarators = declaration.namedChildren.filter((child) => child.type === 'variable_declarator');
  const last = declarators[declarators.length - 1];
  if (!last || last.childForFieldName('value')) return false;
  const type = last.childForFieldName('type')?.namedChildren[0];
  const object = type?.type === 'member_expression' ? type.childForFieldName('object') : undefined;
  if (object?.type !== 'call_expression' || object.childForFieldName('function')?.type !== 'import')
    return false;
  const [specifier, options, ...rest] = object.childForFieldName('arguments')?.namedChildren ?? [];
  return (
    rest.length === 0 &&
    specifier?.type === 'string' &&
    (options === undefined || (options.type === 'object' && constantObject(options)))
  );
}

/** An object literal whose keys are names or strings and whose values are strings or such objects. */
function constantObject(node: SyntaxNode): boolean {
  return node.namedChildren.every((pair) => {
    if (pair.type !== 'pair') return false;
    const key = pair.childForFieldName('key')?.type;
    const value = pair.childForFieldName('value');
    if (key !== 'property_identifier' && key !== 'string') return false;
    return value?.type === 'string' || (value?.type === 'object' && constantObject(value));
  });
}
