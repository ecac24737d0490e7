import { LineIndex } from '../core/line-index.js';
import type { NodeTable } from '../syntax/node-table.js';
import type { Query, SyntaxNode, Tree } from '../syntax/parser.js';
import { type TableQuery, tableMatches } from '../syntax/table-query.js';

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
/**
 * Longer signatures are cut (with an ellipsis). A signature is how a definition is called, and one cut
 * short cannot be called from: Django's and mypy's constructors run to 600–900 characters, so the bound
 * only guards against generated code.
 */
const MAX_SIGNATURE = 1500;

/** What the tags extraction needs to know about a node, from a `SyntaxNode` or from a `NodeTable`. */
interface TagNodes<N> {
  text(node: N): string;
  startIndex(node: N): number;
  endIndex(node: N): number;
  /** 0-based rows */
  startRow(node: N): number;
  endRow(node: N): number;
  signature(node: N): string;
  docstring(node: N): string | undefined;
}

/** One match of a tags pattern: its `@name` node and its `@definition.*` / `@reference.*` capture. */
interface TagMatch<N> {
  nameNode: N;
  role: string;
  roleNode: N;
}

/**
 * Runs a tags query over a tree. Kinds come from capture names (`@definition.function` → `function`);
 * functions nested in a class, impl or interface become methods with that parent.
 */
export function extractTags(tree: Tree, query: Query, source: string): Tags {
  const matches: TagMatch<SyntaxNode>[] = [];
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
    if (nameNode && role && roleNode) matches.push({ nameNode, role, roleNode });
  }
  return collectTags(matches, {
    text: (node) => node.text,
    startIndex: (node) => node.startIndex,
    endIndex: (node) => node.endIndex,
    startRow: (node) => node.startPosition.row,
    endRow: (node) => node.endPosition.row,
    signature: (node) => signatureOf(node, source),
    docstring: (node) => docstringOf(node, source),
  });
}

/**
 * The same tags as `extractTags`, from a tree copied into a `NodeTable` and the tags query compiled for
 * it (`compileTableQuery`): no call into WebAssembly per match or per node read. Undefined when
 * `tableMatches` cannot tell what tree-sitter would match in this tree (the caller runs the query).
 */
export function extractTableTags(table: NodeTable, query: TableQuery, source: string): Tags | undefined {
  const names = query.captureNames;
  const roles = captureRoles(query);
  const matches: TagMatch<number>[] = [];
  const found = tableMatches(table, query);
  if (!found) return undefined;
  for (const match of found) {
    let nameNode = -1;
    let role: string | undefined;
    let roleNode = -1;
    const { captures } = match;
    for (let index = 0; index < captures.length; index += 2) {
      const capture = captures[index]!;
      const captureRole = roles[capture];
      if (captureRole === NAME) nameNode = captures[index + 1]!;
      else if (captureRole === ROLE) {
        role = names[capture]!;
        roleNode = captures[index + 1]!;
      }
    }
    if (nameNode >= 0 && role && roleNode >= 0) matches.push({ nameNode, role, roleNode });
  }
  const lines = new LineIndex(source);
  const { start, end } = table;
  return collectTags(matches, {
    text: (node) => source.slice(start[node]!, end[node]!),
    startIndex: (node) => start[node]!,
    endIndex: (node) => end[node]!,
    startRow: (node) => lines.rowOf(start[node]!),
    endRow: (node) => lines.rowOf(end[node]!),
    signature: (node) => tableSignature(table, node, source),
    docstring: (node) => tableDocstring({ table, node, source, lines }),
  });
}

const NAME = 1;
const ROLE = 2;
const captureRolesByQuery = new WeakMap<TableQuery, Uint8Array>();

/** Per capture id of `query`: NAME for `@name`, ROLE for `@definition.*` and `@reference.*`, else 0 (once per query, not per capture matched). */
function captureRoles(query: TableQuery): Uint8Array {
  let roles = captureRolesByQuery.get(query);
  if (!roles) {
    roles = new Uint8Array(query.captureNames.length);
    query.captureNames.forEach((name, id) => {
      if (name === 'name') roles![id] = NAME;
      else if (name.startsWith('definition.') || name.startsWith('reference.')) roles![id] = ROLE;
    });
    captureRolesByQuery.set(query, roles);
  }
  return roles;
}

/** `definition.function` → function, `reference.call` → call: the few roles of a tags query, cut once. */
const roleKinds = new Map<string, string>();
function kindOf(role: string): string {
  let kind = roleKinds.get(role);
  if (kind === undefined) {
    kind = role.slice(role.indexOf('.') + 1);
    roleKinds.set(role, kind);
  }
  return kind;
}

function collectTags<N>(matches: readonly TagMatch<N>[], nodes: TagNodes<N>): Tags {
  // Node positions are read once: finding containers compares every pair of definitions.
  const definitions: (SymbolDefinition & {
    node: N;
    nameIndex: number;
    start: number;
    end: number;
  })[] = [];
  const references: SymbolReference[] = [];
  const seenDefinition = new Map<string, (typeof definitions)[number]>();
  const definitionNames = new Set<number>();
  // References seen, by name and start: the first name at each start, and `name:start` for any other
  // name at a start already taken (rare: nested nodes that start together).
  const referenceNameAt = new Map<number, string>();
  const otherReferenceKeys = new Set<string>();
  for (const { nameNode, role, roleNode } of matches) {
    const name = unquoted(nodes.text(nameNode));
    if (!name) continue;
    if (role.startsWith('definition.')) {
      const key = `${name}:${nodes.startRow(roleNode)}`;
      const kind = kindOf(role);
      const twin = seenDefinition.get(key);
      if (twin) {
        // `export const f = () => …` matches both the function and the constant pattern: function wins.
        if (twin.kind === 'constant' && kind !== 'constant') {
          twin.kind = kind;
          twin.signature = nodes.signature(roleNode);
          twin.node = roleNode;
          twin.start = nodes.startIndex(roleNode);
          twin.end = nodes.endIndex(roleNode);
        }
        continue;
      }
      const nameIndex = nodes.startIndex(nameNode);
      definitionNames.add(nameIndex);
      const definition = {
        name,
        kind,
        startLine: nodes.startRow(roleNode) + 1,
        endLine: nodes.endRow(roleNode) + 1,
        signature: nodes.signature(roleNode),
        node: roleNode,
        nameIndex,
        start: nodes.startIndex(roleNode),
        end: nodes.endIndex(roleNode),
      };
      seenDefinition.set(key, definition);
      definitions.push(definition);
    } else {
      // A definition's own name matches generic patterns such as `(type_identifier) @name`: not a reference.
      const nameIndex = nodes.startIndex(nameNode);
      if (definitionNames.has(nameIndex)) continue;
      const seen = referenceNameAt.get(nameIndex);
      if (seen === name) continue;
      if (seen === undefined) referenceNameAt.set(nameIndex, name);
      else {
        const key = `${name}:${nameIndex}`;
        if (otherReferenceKeys.has(key)) continue;
        otherReferenceKeys.add(key);
      }
      references.push({ name, kind: kindOf(role), line: nodes.startRow(nameNode) + 1 });
    }
  }
  const filteredReferences = references.filter((reference) => !isOwnName(reference, definitions));
  definitions.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  // Only containers can be a parent: the search for one runs over them alone (in the same order), not over
  // every pair of definitions (a module of 300 functions and 2 classes asked 90,000 questions).
  const containers = definitions.filter((definition) => CONTAINER_KINDS.has(definition.kind));
  const result: SymbolDefinition[] = [];
  for (const definition of definitions) {
    const container = containers.find(
      (other) =>
        other !== definition &&
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
    const docstring = nodes.docstring(node);
    if (docstring) plain.docstring = docstring;
    result.push(plain);
  }
  return { definitions: result, references: filteredReferences };
}

/** A name without the quote that opens or closes it (`'key'` → key); most names have none. */
function unquoted(text: string): string {
  return isQuote(text.charCodeAt(0)) || isQuote(text.charCodeAt(text.length - 1))
    ? text.replace(/^['"`]|['"`]$/g, '')
    : text;
}

/** " ' ` */
const isQuote = (code: number) => code === 34 || code === 39 || code === 96;

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

/**
 * The declaration text before the body, whitespace collapsed: what a repo map shows. A comment between
 * the header and the body (Python's `def f(a):  # why`, a comment line above the first statement) is the
 * declaration's child, not the body's, and is left out.
 */
export function signatureOf(node: SyntaxNode, source: string): string {
  const body = bodyOf(node);
  let end = body?.startIndex;
  if (end !== undefined) {
    const comment = node.namedChildren.find(
      (child) => child.type === 'comment' && child.startIndex > node.startIndex && child.startIndex < end!,
    );
    if (comment) end = comment.startIndex;
  }
  return signatureText({ source, start: node.startIndex, end: node.endIndex, bodyStart: end });
}

function signatureText({
  source,
  start,
  end,
  bodyStart,
}: {
  source: string;
  start: number;
  end: number;
  bodyStart: number | undefined;
}): string {
  let text: string;
  if (bodyStart !== undefined && bodyStart > start) text = source.slice(start, bodyStart);
  else {
    const lineEnd = source.indexOf('\n', start);
    text = source.slice(start, lineEnd < 0 || lineEnd > end ? end : lineEnd);
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

/** The first named child of `node` in the field `field` (`childForFieldName`), -1 when none. */
function tableField(table: NodeTable, node: number, field: number | undefined): number {
  if (field === undefined) return -1;
  for (let child = table.firstChild[node]!; child >= 0; child = table.nextSibling[child]!)
    if (table.field[child] === field) return child;
  return -1;
}

/** `bodyOf` over a NodeTable. */
function tableBody({
  table,
  node,
  bodyField,
  depth = 0,
}: {
  table: NodeTable;
  node: number;
  bodyField: number | undefined;
  depth?: number;
}): number {
  const body = tableField(table, node, bodyField);
  if (body >= 0) return body;
  if (depth >= 3) return -1;
  for (let child = table.firstChild[node]!; child >= 0; child = table.nextSibling[child]!) {
    const found = tableBody({ table, node: child, bodyField, depth: depth + 1 });
    if (found >= 0) return found;
  }
  return -1;
}

/** `signatureOf` over a NodeTable. */
function tableSignature(table: NodeTable, node: number, source: string): string {
  const body = tableBody({ table, node, bodyField: table.grammar.fieldId.get('body') });
  let end = body >= 0 ? table.start[body] : undefined;
  const comment = table.grammar.namedTypeId.get('comment');
  if (end !== undefined && comment !== undefined) {
    for (let child = table.firstChild[node]!; child >= 0; child = table.nextSibling[child]!) {
      const start = table.start[child]!;
      if (start >= end) break;
      if (table.type[child] === comment && start > table.start[node]!) {
        end = start;
        break;
      }
    }
  }
  return signatureText({ source, start: table.start[node]!, end: table.end[node]!, bodyStart: end });
}

/** `docstringOf` over a NodeTable. */
function tableDocstring({
  table,
  node,
  source,
  lines,
}: {
  table: NodeTable;
  node: number;
  source: string;
  lines: LineIndex;
}): string | undefined {
  const { type, start, end, parent, firstChild, previousSibling } = table;
  const names = table.grammar.typeName;
  const body = tableField(table, node, table.grammar.fieldId.get('body'));
  const first = body >= 0 ? firstChild[body]! : -1;
  if (first >= 0 && names[type[first]!] === 'expression_statement') {
    const string = firstChild[first]!;
    if (string >= 0 && names[type[string]!] === 'string')
      return clip(source.slice(start[string]!, end[string]!));
  }
  let anchor = node;
  while (
    parent[anchor]! >= 0 &&
    /^(?:export_statement|decorated_definition)$/.test(names[type[parent[anchor]!]!]!)
  )
    anchor = parent[anchor]!;
  const comments: string[] = [];
  let previous = previousSibling[anchor]!;
  let expectRow = lines.rowOf(start[anchor]!) - 1;
  while (
    previous >= 0 &&
    /comment/.test(names[type[previous]!]!) &&
    lines.rowOf(end[previous]!) >= expectRow
  ) {
    comments.unshift(source.slice(start[previous]!, end[previous]!));
    expectRow = lines.rowOf(start[previous]!) - 1;
    previous = previousSibling[previous]!;
  }
  return comments.length > 0 ? clip(comments.join('\n')) : undefined;
}
