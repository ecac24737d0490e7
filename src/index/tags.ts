import type { Query, SyntaxNode, Tree } from '../syntax/parser.js';

/** A definition found by a `tags.scm` query. Lines are 1-based and inclusive. */
export interface SymbolDefinition {
  name: string;
  /** function, method, class, interface, type, enum, module, constant, macro (and `impl` containers) */
  kind: string;
  startLine: number;
  endLine: number;
  /** the declaration up to its body, on one line where possible */
  signature: string;
  docstring?: string;
  /** the enclosing class/impl/interface, for methods */
  parent?: string;
}

export interface SymbolReference {
  name: string;
  /** call, class, type, import */
  kind: string;
  line: number;
}

export interface Tags {
  definitions: SymbolDefinition[];
  references: SymbolReference[];
}

const CONTAINER_KINDS = new Set(['class', 'interface', 'impl', 'enum', 'module']);
const MAX_SIGNATURE = 400;

/**
 * Runs a tags query over a tree. Kinds come from capture names (`@definition.function` → `function`);
 * functions nested in a class, impl or interface become methods with that parent.
 */
export function extractTags(tree: Tree, query: Query, source: string): Tags {
  // Node positions are read once: each getter is a call into WebAssembly, and finding containers compares
  // every pair of definitions.
  const definitions: (SymbolDefinition & {
    node: SyntaxNode;
    nameIndex: number;
    start: number;
    end: number;
  })[] = [];
  const references: SymbolReference[] = [];
  const seenDefinition = new Map<string, (typeof definitions)[number]>();
  const definitionNames = new Set<number>();
  const referenceKeys = new Set<string>();
  for (const match of query.matches(tree.rootNode)) {
    let nameNode: SyntaxNode | undefined;
    let role: string | undefined;
    let roleNode: SyntaxNode | undefined;
    for (const capture of match.captures) {
      if (capture.name === 'name') nameNode = capture.node;
      else if (capture.name.startsWith('definition.') || capture.name.startsWith('reference.')) {
        role = capture.name;
        roleNode = capture.node;
      }
    }
    if (!nameNode || !role || !roleNode) continue;
    const name = nameNode.text.replace(/^['"`]|['"`]$/g, '');
    if (!name) continue;
    if (role.startsWith('definition.')) {
      const key = `${name}:${roleNode.startPosition.row}`;
      const kind = role.slice('definition.'.length);
      const twin = seenDefinition.get(key);
      if (twin) {
        // `export const f = () => …` matches both the function and the constant pattern: function wins.
        if (twin.kind === 'constant' && kind !== 'constant') {
          twin.kind = kind;
          twin.signature = signatureOf(roleNode, source);
          twin.node = roleNode;
          twin.start = roleNode.startIndex;
          twin.end = roleNode.endIndex;
        }
        continue;
      }
      definitionNames.add(nameNode.startIndex);
      const definition = {
        name,
        kind,
        startLine: roleNode.startPosition.row + 1,
        endLine: roleNode.endPosition.row + 1,
        signature: signatureOf(roleNode, source),
        node: roleNode,
        nameIndex: nameNode.startIndex,
        start: roleNode.startIndex,
        end: roleNode.endIndex,
      };
      seenDefinition.set(key, definition);
      definitions.push(definition);
    } else {
      // A definition's own name matches generic patterns such as `(type_identifier) @name`: not a reference.
      if (definitionNames.has(nameNode.startIndex)) continue;
      const line = nameNode.startPosition.row + 1;
      const key = `${name}:${nameNode.startIndex}`;
      if (referenceKeys.has(key)) continue;
      referenceKeys.add(key);
      references.push({ name, kind: role.slice('reference.'.length), line });
    }
  }
  const filteredReferences = references.filter((reference) => !isOwnName(reference, definitions));
  definitions.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  const result: SymbolDefinition[] = [];
  for (const definition of definitions) {
    const container = definitions.find(
      (other) =>
        other !== definition &&
        CONTAINER_KINDS.has(other.kind) &&
        other.start <= definition.start &&
        other.end >= definition.end &&
        !(other.start === definition.start && other.end === definition.end),
    );
    const { node, nameIndex: _nameIndex, start: _start, end: _end, ...plain } = definition;
    if (container) {
      plain.parent = container.name;
      if (plain.kind === 'function') plain.kind = 'method';
    }
    if (plain.kind === 'method' && !plain.parent) {
      const receiver = /^func\s*\(\s*\w*\s*\*?\s*(\w+)/.exec(plain.signature)?.[1];
      if (receiver) plain.parent = receiver;
    }
    const docstring = docstringOf(node, source);
    if (docstring) plain.docstring = docstring;
    result.push(plain);
  }
  return { definitions: result, references: filteredReferences };
}

function isOwnName(reference: SymbolReference, definitions: { name: string; startLine: number }[]): boolean {
  return (
    reference.kind === 'type' &&
    definitions.some(
      (definition) => definition.name === reference.name && definition.startLine === reference.line,
    )
  );
}

/** The node that holds the body, looked for a few levels down (`const f = () => {…}` keeps it deeper). */
function bodyOf(node: SyntaxNode, depth = 0): SyntaxNode | undefined {
  const body = node.childForFieldName('body');
  if (body) return body;
  if (depth >= 3) return undefined;
  for (const child of node.namedChildren) {
    const found = bodyOf(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The declaration text before the body, whitespace collapsed: what a repo map shows. */
export function signatureOf(node: SyntaxNode, source: string): string {
  const body = bodyOf(node);
  let text: string;
  if (body && body.startIndex > node.startIndex) text = source.slice(node.startIndex, body.startIndex);
  else {
    const end = source.indexOf('\n', node.startIndex);
    text = source.slice(node.startIndex, end < 0 || end > node.endIndex ? node.endIndex : end);
  }
  text = text.replace(/\s+/g, ' ').trim();
  text = text.replace(/\s*(?:\{|=>)?\s*$/, '');
  return text.length > MAX_SIGNATURE ? `${text.slice(0, MAX_SIGNATURE)}…` : text;
}

/** A Python docstring, or the comment block right above the definition (JSDoc, `///`, `//`). */
function docstringOf(node: SyntaxNode, source: string): string | undefined {
  const body = node.childForFieldName('body');
  const first = body?.namedChildren[0];
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') {
    return clip(first.namedChildren[0].text);
  }
  let anchor: SyntaxNode = node;
  while (anchor.parent && /^(?:export_statement|decorated_definition)$/.test(anchor.parent.type))
    anchor = anchor.parent;
  const comments: string[] = [];
  let previous = anchor.previousNamedSibling;
  let expectRow = anchor.startPosition.row - 1;
  while (previous && /comment/.test(previous.type) && previous.endPosition.row >= expectRow) {
    comments.unshift(previous.text);
    expectRow = previous.startPosition.row - 1;
    previous = previous.previousNamedSibling;
  }
  void source;
  return comments.length > 0 ? clip(comments.join('\n')) : undefined;
}

function clip(text: string): string {
  return text.length > 1200 ? `${text.slice(0, 1200)}…` : text;
}
