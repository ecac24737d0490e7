/**
 * The "found" rule of the context-quality benchmark (issue 45), decided before its first run and not to be
 * loosened after it: a definition the hidden body uses counts as found only when the prompt shows enough to
 * call it correctly.
 *
 * - A function or method: its whole signature, from the declaration's first token to where its body
 *   starts (every parameter, default and annotation; the return type), as one run of text from the
 *   target's file. A signature cut short, or shortened with an ellipsis, is not enough.
 * - A class: its header (name and bases) and, when the class declares its own constructor (`__init__`,
 *   `constructor`), that constructor's whole signature too; the two may come from different snippets of
 *   the target's file.
 * - Anything else (a constant, a type alias, an interface, an enum, a namespace): its declaration's first
 *   line.
 *
 * Text is compared with all white space removed (a signature may be shown on one line or several), and
 * only snippets from the target's file count, never the cursor window or the repo map. The definition is
 * read from the file by this benchmark's own parse (tree-sitter), not from the index: what the engine
 * stored as a signature is what is being judged.
 *
 * Separately, "body shown" says whether the prompt also showed the first statement of the body (for a
 * class: of its own constructor, else of its body): a definition seen whole, not only its outline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageForPath } from '../../src/core/index.js';
import { parse, type SyntaxNode } from '../../src/syntax/index.js';

export interface TargetSurface {
  kind: 'function' | 'class' | 'other';
  /** texts that must each be shown (white space removed) */
  required: string[];
  /** the same as the file writes it (a class's constructor under its header): what a baseline shows */
  display: string;
  /** the body's first statement: its 1-based line and its text (white space removed) */
  body?: { line: number; text: string };
}

const DEFINITION_TYPES = new Set([
  // Python
  'function_definition',
  'class_definition',
  'expression_statement',
  // TypeScript
  'function_declaration',
  'generator_function_declaration',
  'function_signature',
  'class_declaration',
  'abstract_class_declaration',
  'interface_declaration',
  'type_alias_declaration',
  'enum_declaration',
  'method_definition',
  'method_signature',
  'abstract_method_signature',
  'lexical_declaration',
  'variable_declaration',
  'module',
  'internal_module',
]);
const FUNCTION_TYPES = new Set([
  'function_definition',
  'function_declaration',
  'generator_function_declaration',
  'function_signature',
  'method_definition',
  'method_signature',
  'abstract_method_signature',
]);
const CLASS_TYPES = new Set(['class_definition', 'class_declaration', 'abstract_class_declaration']);

/** White space removed, and the punctuation that opens a body (`:`, `{`, `=>`) dropped from the end. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '').replace(/(?::|\{|=>)$/, '');
}

function nameOf(node: SyntaxNode): string | undefined {
  const name = node.childForFieldName('name');
  if (name) return name.text.replace(/^['"]|['"]$/g, '');
  if (node.type === 'expression_statement') {
    const assignment = node.namedChildren.find((child) => child.type === 'assignment');
    return assignment?.childForFieldName('left')?.text;
  }
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
    return node.namedChildren
      .filter((child) => child.type === 'variable_declarator')
      .map((child) => child.childForFieldName('name')?.text)
      .find(Boolean);
  }
  return undefined;
}

/** The value of `const f = (…) => …` when it is a function (its body marks where the signature ends). */
function functionValue(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type !== 'lexical_declaration' && node.type !== 'variable_declaration') return undefined;
  for (const declarator of node.namedChildren) {
    const value = declarator.childForFieldName('value');
    if (value && /^(?:arrow_function|function_expression|function)$/.test(value.type)) return value;
  }
  return undefined;
}

function firstLine(node: SyntaxNode, source: string): string {
  const text = source.slice(node.startIndex, node.endIndex);
  return text.split('\n')[0]!;
}

/**
 * The declaration's text up to its body (the whole node when it has none: an overload, a signature): to
 * the end of the last token before the body, so a comment between the `:` and a Python body's first
 * statement is not part of it.
 */
function header(node: SyntaxNode, source: string): string {
  const owner = node.childForFieldName('body') ? node : (functionValue(node) ?? node);
  const body = owner.childForFieldName('body');
  if (!body) {
    return FUNCTION_TYPES.has(node.type)
      ? source.slice(node.startIndex, node.endIndex)
      : firstLine(node, source);
  }
  let end = node.startIndex;
  for (const child of owner.children) {
    if (child.startIndex >= body.startIndex) break;
    if (!/comment/.test(child.type)) end = child.endIndex;
  }
  return source.slice(node.startIndex, end);
}

function isDocstring(node: SyntaxNode): boolean {
  return node.type === 'expression_statement' && node.namedChildren[0]?.type === 'string';
}

/** The first statement of a body that is not a comment or a docstring. */
function firstStatement(body: SyntaxNode | null | undefined): SyntaxNode | undefined {
  if (!body) return undefined;
  if (body.type !== 'block' && body.type !== 'statement_block' && body.type !== 'class_body') return body;
  return body.namedChildren.find((child) => !/comment/.test(child.type) && !isDocstring(child));
}

function unwrap(node: SyntaxNode): SyntaxNode {
  return node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
}

function constructorOf(node: SyntaxNode): SyntaxNode | undefined {
  const body = node.childForFieldName('body');
  for (const child of body?.namedChildren ?? []) {
    const member = unwrap(child);
    const name = member.childForFieldName('name')?.text;
    if (member.type === 'function_definition' && name === '__init__') return member;
    if ((member.type === 'method_definition' || member.type === 'method_signature') && name === 'constructor')
      return member;
  }
  return undefined;
}

function statementLine(node: SyntaxNode | undefined, source: string): TargetSurface['body'] {
  if (!node) return undefined;
  const text = squeeze(firstLine(node, source));
  return text ? { line: node.startPosition.row + 1, text } : undefined;
}

function surfaceOf(node: SyntaxNode, source: string): TargetSurface {
  if (CLASS_TYPES.has(node.type)) {
    const init = constructorOf(node);
    const head = header(node, source).trim();
    const required = [squeeze(head)];
    let display = head;
    if (init) {
      const initHead = header(init, source).trim();
      required.push(squeeze(initHead));
      display += `\n${' '.repeat(init.startPosition.column)}${initHead}`;
    }
    const body = init
      ? firstStatement(init.childForFieldName('body'))
      : firstStatement(node.childForFieldName('body'));
    return { kind: 'class', required, display, body: statementLine(body, source) };
  }
  const value = functionValue(node);
  if (FUNCTION_TYPES.has(node.type) || value) {
    const body = firstStatement((value ?? node).childForFieldName('body'));
    const head = header(node, source).trim();
    return { kind: 'function', required: [squeeze(head)], display: head, body: statementLine(body, source) };
  }
  const line = firstLine(node, source).trim();
  return { kind: 'other', required: [squeeze(line)], display: line };
}

const trees = new Map<string, Map<string, TargetSurface | null>>();

/**
 * What a target needs shown, read from its file: the definition named `name` whose declaration starts on
 * `startLine` (1-based, as the index's tags give it). Undefined when no such declaration is found (the
 * first line then stands in, as for a constant).
 */
export async function targetSurface(
  root: string,
  target: { path: string; name: string; startLine: number },
): Promise<TargetSurface> {
  let file = trees.get(target.path);
  if (!file) {
    file = new Map();
    trees.set(target.path, file);
  }
  const key = `${target.startLine}:${target.name}`;
  const known = file.get(key);
  if (known) return known;
  const source = readFileSync(join(root, target.path), 'utf8');
  const language = languageForPath(target.path);
  let surface: TargetSurface | undefined;
  if (language) {
    const tree = await parse(language, source);
    try {
      const row = target.startLine - 1;
      const visit = (node: SyntaxNode): SyntaxNode | undefined => {
        if (node.startPosition.row > row || node.endPosition.row < row) return undefined;
        if (node.startPosition.row === row && DEFINITION_TYPES.has(node.type) && nameOf(node) === target.name)
          return node;
        for (const child of node.namedChildren) {
          const found = visit(child);
          if (found) return found;
        }
        return undefined;
      };
      const node = visit(tree.rootNode);
      if (node) surface = surfaceOf(node, source);
    } finally {
      tree.delete();
    }
  }
  if (!surface) {
    const line = (source.split('\n')[target.startLine - 1] ?? '').trim();
    surface = { kind: 'other', required: [squeeze(line)], display: line };
  }
  file.set(key, surface);
  return surface;
}

/** Forgets the parsed definitions (between trees: paths repeat across trees). */
export function forgetSurfaces(): void {
  trees.clear();
}

export interface ShownPiece {
  kind?: string;
  path: string;
  startLine: number;
  endLine: number;
  source: string;
}

/** The pieces the rule may look at: from the target's file, not the cursor window nor the repo map. */
function piecesOf(pieces: readonly ShownPiece[], path: string): ShownPiece[] {
  return pieces.filter(
    (piece) => piece.kind !== 'cursor' && piece.kind !== 'repo-map' && piece.path === path,
  );
}

const squeezed = new WeakMap<ShownPiece, string>();
function squeezedSource(piece: ShownPiece): string {
  let text = squeezed.get(piece);
  if (text === undefined) {
    text = piece.source.replace(/\s+/g, '');
    squeezed.set(piece, text);
  }
  return text;
}

/** Found by the stricter rule: every required text shown by some piece from the target's file. */
export function shownEnough(pieces: readonly ShownPiece[], path: string, surface: TargetSurface): boolean {
  const own = piecesOf(pieces, path);
  return surface.required.every((text) => own.some((piece) => squeezedSource(piece).includes(text)));
}

/** The body's first statement shown, in a piece from the target's file whose lines include it. */
export function bodyShown(pieces: readonly ShownPiece[], path: string, surface: TargetSurface): boolean {
  const body = surface.body;
  if (!body) return false;
  return piecesOf(pieces, path).some(
    (piece) =>
      piece.startLine <= body.line && piece.endLine >= body.line && squeezedSource(piece).includes(body.text),
  );
}
