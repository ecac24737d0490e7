import type { SyntaxNode } from '../../syntax/parser.js';

/**
 * The parts of a test that never run, read from its syntax: what follows a `return`, `raise`/`throw`,
 * `break` or `continue` in the same block; the branch a constant condition never takes (`if False:`,
 * `if (0)`, the `else` of `if True:`, `while False:`, a loop over `[]`); a function or lambda the test
 * defines and never names again, and a generator it only calls (its body runs when iterated). An assertion
 * there cannot fail, so it is no evidence (w211): the static reading counts only the assertions outside.
 * Only shapes that show it: a condition that is not a literal is taken as either way.
 */
export interface DeadRange {
  start: number;
  end: number;
}

const PY_FALSY = /^\(?\s*(?:False|None|0|0\.0|''|""|\(\)|\[\]|\{\}|not\s+(?:True|1|\(True\)))\s*\)?$/;
const PY_TRUTHY = /^\(?\s*(?:True|1|not\s+(?:False|None|0))\s*\)?$/;
const JS_FALSY = /^\(?\s*(?:false|0|null|undefined|''|""|``|void\s+0|!\s*(?:true|1))\s*\)?$/;
const JS_TRUTHY = /^\(?\s*(?:true|1|!\s*(?:false|0|null|undefined))\s*\)?$/;
const PY_EMPTY_LOOP = /^(?:\[\]|\(\)|\{\}|''|""|range\(\s*0\s*\))$/;

const ENDS_BLOCK = new Set([
  'return_statement',
  'raise_statement',
  'throw_statement',
  'break_statement',
  'continue_statement',
]);

/** The ranges (string indices of the whole source, as `node.startIndex`) of `unit` that never run. */
export function deadRanges(unit: SyntaxNode, python: boolean): DeadRange[] {
  const ranges: DeadRange[] = [];
  const dead = (node: SyntaxNode | null | undefined) => {
    if (node) ranges.push({ start: node.startIndex, end: node.endIndex });
  };
  const falsy = python ? PY_FALSY : JS_FALSY;
  const truthy = python ? PY_TRUTHY : JS_TRUTHY;
  const visit = (node: SyntaxNode) => {
    const type = node.type;
    if (type === 'block' || type === 'statement_block' || type === 'module' || type === 'program') {
      const statements = node.namedChildren.filter((child) => child.type !== 'comment');
      const end = statements.findIndex((child) => ENDS_BLOCK.has(child.type));
      if (end >= 0 && end < statements.length - 1) {
        const after = statements[end + 1]!;
        ranges.push({ start: after.startIndex, end: node.endIndex });
      }
    } else if (type === 'if_statement') {
      const condition = (node.childForFieldName('condition')?.text ?? '').trim();
      const alternatives = python
        ? node.namedChildren.filter((child) => child.type === 'elif_clause' || child.type === 'else_clause')
        : [node.childForFieldName('alternative')].filter((child): child is SyntaxNode => Boolean(child));
      if (falsy.test(condition)) dead(node.childForFieldName('consequence'));
      else if (truthy.test(condition)) for (const alternative of alternatives) dead(alternative);
    } else if (type === 'while_statement') {
      const condition = (node.childForFieldName('condition')?.text ?? '').trim();
      if (falsy.test(condition)) dead(node.childForFieldName('body'));
    } else if (type === 'for_statement' && python) {
      const over = (node.childForFieldName('right')?.text ?? '').trim();
      if (PY_EMPTY_LOOP.test(over)) dead(node.childForFieldName('body'));
    } else if (type === 'for_in_statement' && !python) {
      const over = (node.childForFieldName('right')?.text ?? '').trim();
      if (/^(?:\[\s*\]|\{\s*\}|''|"")$/.test(over)) dead(node.childForFieldName('body'));
    } else if (!same(node, unit)) {
      const defined = nestedDefinition(node, python);
      if (defined && neverRuns(unit, defined, python)) {
        dead(defined.body);
        return;
      }
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(unit);
  return merge(ranges);
}

/** Whether `node` lies in one of `ranges`. */
export function inDead(node: SyntaxNode, ranges: readonly DeadRange[]): boolean {
  return ranges.some((range) => node.startIndex >= range.start && node.endIndex <= range.end);
}

/** `text` (starting at `offset` in the source) with its dead ranges blanked, line breaks kept. */
export function withoutDead(text: string, offset: number, ranges: readonly DeadRange[]): string {
  let out = text;
  for (const range of ranges) {
    const start = Math.max(0, range.start - offset);
    const end = Math.min(text.length, range.end - offset);
    if (end <= start) continue;
    out = out.slice(0, start) + out.slice(start, end).replace(/[^\n]/g, ' ') + out.slice(end);
  }
  return out;
}

interface Definition {
  name: string;
  /** the definition as a whole: the name's own occurrence is in it */
  node: SyntaxNode;
  body: SyntaxNode;
  generator: boolean;
}

/** A function the test defines by name: `def check():`, `check = lambda: …`, `function check()`, `const check = () => …`. */
function nestedDefinition(node: SyntaxNode, python: boolean): Definition | undefined {
  if (python && node.type === 'function_definition') {
    const name = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    if (!name || !body) return undefined;
    const outer = node.parent?.type === 'decorated_definition' ? node.parent : node;
    // a decorator may call it (`@pytest.fixture`, a registry): taken as run
    if (outer !== node) return undefined;
    return { name, node, body, generator: yields(body, python) };
  }
  if (python && node.type === 'assignment') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type === 'identifier' && right?.type === 'lambda')
      return { name: left.text, node, body: right, generator: false };
    return undefined;
  }
  if (!python && (node.type === 'function_declaration' || node.type === 'generator_function_declaration')) {
    const name = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    if (!name || !body) return undefined;
    return { name, node, body, generator: node.type === 'generator_function_declaration' };
  }
  if (!python && node.type === 'variable_declarator') {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (
      name?.type === 'identifier' &&
      value &&
      /^(?:arrow_function|function_expression|function)$/.test(value.type)
    )
      return { name: name.text, node, body: value, generator: false };
    if (name?.type === 'identifier' && value?.type === 'generator_function')
      return { name: name.text, node, body: value, generator: true };
  }
  return undefined;
}

function yields(body: SyntaxNode, python: boolean): boolean {
  for (const child of body.namedChildren) {
    if (
      python &&
      (child.type === 'function_definition' || child.type === 'lambda' || child.type === 'class_definition')
    )
      continue;
    if (child.type === 'yield' || child.type === 'yield_expression') return true;
    if (yields(child, python)) return true;
  }
  return false;
}

/** Two handles on one syntax node (web-tree-sitter makes a new object each time a node is reached). */
function same(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return Boolean(a && b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type);
}

/**
 * A nested function runs when the test names it anywhere else (a call, handed on, returned). A generator
 * whose every other mention is a bare call statement (`check()`) is made and dropped: its body never runs.
 */
function neverRuns(unit: SyntaxNode, defined: Definition, python: boolean): boolean {
  const inside = (node: SyntaxNode) =>
    node.startIndex >= defined.node.startIndex && node.endIndex <= defined.node.endIndex;
  const uses: SyntaxNode[] = [];
  const collect = (node: SyntaxNode) => {
    if (node.type === 'identifier' && node.text === defined.name && !inside(node)) uses.push(node);
    for (const child of node.namedChildren) collect(child);
  };
  collect(unit);
  if (uses.length === 0) return true;
  if (!defined.generator) return false;
  return uses.every((use) => {
    const call = use.parent;
    return (
      call?.type === (python ? 'call' : 'call_expression') &&
      same(call.childForFieldName('function'), use) &&
      call.parent?.type === 'expression_statement'
    );
  });
}

function merge(ranges: DeadRange[]): DeadRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: DeadRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
