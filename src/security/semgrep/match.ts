import { type CodeNode, descendants } from './code-tree.js';
import { DEEP, ELLIPSIS, metavariableOf, type Pattern, sequenceMetavariableOf } from './pattern.js';

/** What a metavariable stands for: a node, or (for `$...X`) a run of sibling nodes. */
export interface Binding {
  readonly nodes: readonly CodeNode[];
  /** the source text, whitespace removed: what equality of two bindings compares */
  readonly key: string;
}
export type Environment = Readonly<Record<string, Binding>>;

export interface Match {
  readonly start: number;
  readonly end: number;
  readonly environment: Environment;
}

/** The text of the pattern and of the code being matched, which nodes' offsets point into. */
interface Texts {
  readonly pattern: string;
  readonly code: string;
}

/** One pattern node against one code node, with the bindings made so far. */
interface NodeMatch {
  pattern: CodeNode;
  code: CodeNode;
  environment: Environment;
  texts: Texts;
}

/** Past this many alternative bindings for one node, the rest are dropped (ellipses can multiply them). */
const MAX_ALTERNATIVES = 64;

/** Node types a pattern written one way matches when the code is written the other. */
const SAME_KIND: Record<string, string> = {
  function_declaration: 'function',
  function: 'function',
  function_expression: 'function',
  generator_function_declaration: 'generator_function',
  generator_function: 'generator_function',
};

/** Parts of the code a pattern may leave out: TypeScript's annotations, modifiers. */
const OPTIONAL_IN_PATTERN = new Set([
  'type_annotation',
  'type_parameters',
  'accessibility_modifier',
  'override_modifier',
]);

const STRING_TYPES = new Set(['string', 'template_string']);
const STRING_PARTS = new Set(['string_content', 'string_fragment', 'escape_sequence']);

function kind(type: string): string {
  return SAME_KIND[type] ?? type;
}

export function bindingKey(nodes: readonly CodeNode[], text: string): string {
  if (nodes.length === 0) return '';
  return text.slice(nodes[0]!.start, nodes[nodes.length - 1]!.end).replace(/\s+/g, '');
}

function bind({
  environment,
  name,
  nodes,
  texts,
}: {
  environment: Environment;
  name: string;
  nodes: CodeNode[];
  texts: Texts;
}): Environment[] {
  const key = bindingKey(nodes, texts.code);
  const known = environment[name];
  if (known) return known.key === key ? [environment] : [];
  return [{ ...environment, [name]: { nodes, key } }];
}

function leafText(node: CodeNode, text: string): string {
  return text.slice(node.start, node.end);
}

/** Nodes the grammar wraps a lone `...` in: a statement, a TypeScript parameter. */
const ELLIPSIS_WRAPPERS = new Set([
  'expression_statement',
  'spread_element',
  'required_parameter',
  'optional_parameter',
]);

/** `...` where a sequence of things may stand: an argument, a statement, an entry, JSX text. */
export function isEllipsis(node: CodeNode, text: string): boolean {
  if (node.children.length === 0) {
    const own = leafText(node, text);
    return own === ELLIPSIS || (node.type === 'jsx_text' && own.trim() === ELLIPSIS);
  }
  if (node.children.length === 1 && ELLIPSIS_WRAPPERS.has(node.type))
    return isEllipsis(node.children[0]!, text);
  if (node.type === 'pair' && node.children.length === 2) return isEllipsis(node.children[0]!, text);
  return false;
}

function isDeep(node: CodeNode, text: string): CodeNode | undefined {
  if (node.type !== 'call' && node.type !== 'call_expression') return undefined;
  const callee = node.children[0];
  if (!callee || leafText(callee, text) !== DEEP) return undefined;
  return node.children[1]?.children[0];
}

/** A string literal's value parts, or undefined when it interpolates code. */
function stringValue(node: CodeNode, text: string): string | undefined {
  let value = '';
  for (const child of node.children) {
    if (STRING_PARTS.has(child.type)) value += leafText(child, text);
    else if (child.type !== 'string_start' && child.type !== 'string_end') return undefined;
  }
  return value;
}

function matchString({ pattern, code, environment, texts }: NodeMatch): Environment[] {
  if (!STRING_TYPES.has(code.type)) return [];
  const wanted = stringValue(pattern, texts.pattern);
  if (wanted === ELLIPSIS) return stringValue(code, texts.code) !== undefined ? [environment] : [];
  const actual = stringValue(code, texts.code);
  if (wanted !== undefined && actual !== undefined) return wanted === actual ? [environment] : [];
  if (pattern.type !== code.type) return [];
  return matchSequence({ patterns: pattern.children, code: code.children, environment, texts });
}

/** All the ways `pattern` matches the node `code`, each with the bindings it makes. */
export function matchNode({ pattern, code, environment, texts }: NodeMatch): Environment[] {
  const metavariable = metavariableOf(pattern, texts.pattern);
  if (metavariable) return code.named ? bind({ environment, name: metavariable, nodes: [code], texts }) : [];
  if (pattern.children.length === 0 && leafText(pattern, texts.pattern) === ELLIPSIS) return [environment];
  const deep = isDeep(pattern, texts.pattern);
  if (deep) {
    const found: Environment[] = [];
    for (const node of descendants(code)) {
      found.push(...matchNode({ pattern: deep, code: node, environment, texts }));
      if (found.length >= MAX_ALTERNATIVES) break;
    }
    return found;
  }
  if (STRING_TYPES.has(pattern.type)) return matchString({ pattern, code, environment, texts });
  if (kind(pattern.type) !== kind(code.type)) return [];
  if (pattern.children.length === 0)
    return code.children.length === 0 &&
      normaliseLeaf(leafText(pattern, texts.pattern)) === normaliseLeaf(leafText(code, texts.code))
      ? [environment]
      : [];
  if (pattern.type === 'jsx_opening_element' || pattern.type === 'jsx_self_closing_element')
    return matchJsxTag({ pattern, code, environment, texts });
  const patternTypes = new Set(pattern.children.map((child) => child.type));
  const children = code.children.filter(
    (child) => !OPTIONAL_IN_PATTERN.has(child.type) || patternTypes.has(child.type),
  );
  return matchSequence({ patterns: pattern.children, code: children, environment, texts });
}

/** Number literals as written (`10_000`) and as meant (`10000`) compare equal. */
function normaliseLeaf(text: string): string {
  return /^[0-9][0-9_]*$/.test(text) ? text.replaceAll('_', '') : text;
}

/** A JSX tag: the same name, and every attribute the pattern names present, in any order. */
function matchJsxTag({ pattern, code, environment, texts }: NodeMatch): Environment[] {
  if (code.type !== pattern.type) return [];
  const patternName = pattern.children.find((child) => child.field === 'name');
  const codeName = code.children.find((child) => child.field === 'name');
  if (!patternName || !codeName) return [];
  let results = matchNode({ pattern: patternName, code: codeName, environment, texts });
  const attributes = code.children.filter((child) => child.field === 'attribute');
  for (const wanted of pattern.children.filter((child) => child.field === 'attribute')) {
    if (isEllipsis(wanted, texts.pattern)) continue;
    const next: Environment[] = [];
    for (const partial of results)
      for (const attribute of attributes)
        next.push(...matchNode({ pattern: wanted, code: attribute, environment: partial, texts }));
    results = next.slice(0, MAX_ALTERNATIVES);
    if (results.length === 0) return [];
  }
  return results;
}

/**
 * A pattern's children against the code's, in order, `...` standing for any number of them and `$...X`
 * binding the run it stands for.
 */
export function matchSequence({
  patterns,
  code,
  environment,
  texts,
}: {
  patterns: readonly CodeNode[];
  code: readonly CodeNode[];
  environment: Environment;
  texts: Texts;
}): Environment[] {
  return sequenceEnds({ patterns, code, at: 0, from: 0, environment, texts, openEnd: false }).map(
    (found) => found.environment,
  );
}

interface SequenceEnd {
  environment: Environment;
  /** one past the last code child the sequence matched */
  end: number;
}

function sequenceEnds({
  patterns,
  code,
  at,
  from,
  environment,
  texts,
  openEnd,
}: {
  patterns: readonly CodeNode[];
  code: readonly CodeNode[];
  at: number;
  from: number;
  environment: Environment;
  texts: Texts;
  openEnd: boolean;
}): SequenceEnd[] {
  if (at === patterns.length) return openEnd || from === code.length ? [{ environment, end: from }] : [];
  const pattern = patterns[at]!;
  const results: SequenceEnd[] = [];
  if (isEllipsis(pattern, texts.pattern)) {
    // A trailing `...` of a statement pattern reaches to the end of the block, as Semgrep's range does.
    if (at === patterns.length - 1) return [{ environment, end: code.length }];
    for (let skip = from; skip <= code.length && results.length < MAX_ALTERNATIVES; skip++)
      results.push(...sequenceEnds({ patterns, code, at: at + 1, from: skip, environment, texts, openEnd }));
    // Deep statement matching: the last statement after `...` may sit in a nested block.
    if (openEnd && at === patterns.length - 2 && results.length === 0) {
      const last = patterns[at + 1]!;
      for (let index = from; index < code.length && results.length === 0; index++)
        for (const nested of descendants(code[index]!)) {
          if (nested === code[index] || !isStatement(nested)) continue;
          const found = matchNode({ pattern: last, code: nested, environment, texts });
          if (found.length > 0) {
            results.push(...found.map((each) => ({ environment: each, end: index + 1 })));
            break;
          }
        }
    }
    return results;
  }
  const sequence = sequenceMetavariableOf(pattern, texts.pattern);
  if (sequence) {
    for (let end = from; end <= code.length && results.length < MAX_ALTERNATIVES; end++)
      for (const bound of bind({
        environment,
        name: sequence,
        nodes: code.slice(from, end) as CodeNode[],
        texts,
      }))
        results.push(
          ...sequenceEnds({ patterns, code, at: at + 1, from: end, environment: bound, texts, openEnd }),
        );
    return results;
  }
  if (from >= code.length) return [];
  for (const bound of matchNode({ pattern, code: code[from]!, environment, texts })) {
    results.push(
      ...sequenceEnds({ patterns, code, at: at + 1, from: from + 1, environment: bound, texts, openEnd }),
    );
    if (results.length >= MAX_ALTERNATIVES) break;
  }
  return results;
}

const STATEMENT_LISTS = new Set([
  'module',
  'block',
  'program',
  'statement_block',
  'class_body',
  'switch_body',
]);

function isStatement(node: CodeNode): boolean {
  return node.parent !== null && STATEMENT_LISTS.has(node.parent.type);
}

/** Every match of `pattern` in the tree under `root` (the code of `code`). */
export function findMatches({
  pattern,
  root,
  code,
  index,
}: {
  pattern: Pattern;
  root: CodeNode;
  code: string;
  index: NodeIndex;
}): Match[] {
  const texts = { pattern: pattern.text, code };
  const found: Match[] = [];
  const within = (node: CodeNode) => node.start >= root.start && node.end <= root.end;
  if (!pattern.statements) {
    const only = pattern.nodes[0]!;
    for (const node of index.candidates(only, pattern.text)) {
      if (!within(node)) continue;
      for (const environment of matchNode({ pattern: only, code: node, environment: {}, texts }))
        found.push({ start: node.start, end: node.end, environment });
    }
    return found;
  }
  const first = pattern.nodes.find((node) => !isEllipsis(node, pattern.text));
  const parents = new Set<CodeNode>();
  for (const node of first ? index.candidates(first, pattern.text) : index.all)
    if (node.parent && within(node) && STATEMENT_LISTS.has(node.parent.type)) parents.add(node.parent);
  for (const parent of parents) {
    const children = parent.children;
    for (let start = 0; start < children.length; start++) {
      for (const { environment, end } of sequenceEnds({
        patterns: pattern.nodes,
        code: children,
        at: 0,
        from: start,
        environment: {},
        texts,
        openEnd: true,
      })) {
        if (end <= start) continue;
        found.push({ start: children[start]!.start, end: children[end - 1]!.end, environment });
      }
    }
  }
  return found;
}

const CALLS = new Set(['call', 'call_expression', 'new_expression']);

/**
 * The name a call is made by: the last identifier of its callee (`run` of `subprocess.run(…)`), or
 * undefined when the callee is no plain name or is a metavariable. Most rules name the call they look
 * for, so calls are indexed by it too.
 */
function calleeName(node: CodeNode, text: string): string | undefined {
  if (!CALLS.has(node.type)) return undefined;
  let callee = node.children.find((child) => child.field === 'function' || child.field === 'constructor');
  while (callee && callee.children.length > 0) {
    const last = callee.children.findLast(
      (child) => child.field === 'attribute' || child.field === 'property',
    );
    if (!last) return undefined;
    callee = last;
  }
  if (!callee) return undefined;
  const name = text.slice(callee.start, callee.end);
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : undefined;
}

/** The nodes of one tree by kind (and calls by name), so that a pattern is tried only where its root could match. */
export class NodeIndex {
  readonly all: CodeNode[] = [];
  private readonly byKind = new Map<string, CodeNode[]>();
  private callsByName: Map<string, CodeNode[]> | undefined;

  constructor(
    root: CodeNode,
    private readonly text: string,
  ) {
    for (const node of descendants(root)) {
      this.all.push(node);
      const key = kind(node.type);
      let list = this.byKind.get(key);
      if (!list) {
        list = [];
        this.byKind.set(key, list);
      }
      list.push(node);
    }
  }

  candidates(pattern: CodeNode, text: string): readonly CodeNode[] {
    if (metavariableOf(pattern, text) || isDeep(pattern, text) || STRING_TYPES.has(pattern.type))
      return this.all;
    const name = calleeName(pattern, text);
    if (name !== undefined && !name.startsWith('__sg')) {
      if (!this.callsByName) {
        this.callsByName = new Map();
        for (const type of CALLS)
          for (const node of this.byKind.get(kind(type)) ?? []) {
            const called = calleeName(node, this.text);
            if (called === undefined) continue;
            const list = this.callsByName.get(called) ?? [];
            list.push(node);
            this.callsByName.set(called, list);
          }
      }
      return (this.callsByName.get(name) ?? []).filter((node) => kind(node.type) === kind(pattern.type));
    }
    return this.byKind.get(kind(pattern.type)) ?? [];
  }
}
