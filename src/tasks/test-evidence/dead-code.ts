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
  // a function named only where nothing runs (called by a helper that is itself never called) never runs
  // either: read again with what is known dead until nothing more is (w220)
  let known: DeadRange[] = [];
  for (let round = 0; round < 4; round += 1) {
    const found = deadRangesKnowing(unit, python, known);
    if (found.length === known.length && found.every((range, i) => same(range, known[i]))) break;
    known = found;
  }
  return known;
}

function deadRangesKnowing(unit: SyntaxNode, python: boolean, known: readonly DeadRange[]): DeadRange[] {
  const ranges: DeadRange[] = [];
  const dead = (node: SyntaxNode | null | undefined) => {
    if (node) ranges.push({ start: node.startIndex, end: node.endIndex });
  };
  const visit = (node: SyntaxNode) => {
    const type = node.type;
    if (type === 'block' || type === 'statement_block' || type === 'module' || type === 'program') {
      const statements = node.namedChildren.filter((child) => child.type !== 'comment');
      const end = statements.findIndex((child) => ENDS_BLOCK.has(child.type) || dividesByZero(child));
      if (end >= 0 && end < statements.length - 1) {
        const after = statements[end + 1]!;
        ranges.push({ start: after.startIndex, end: node.endIndex });
      }
    } else if (type === 'if_statement') {
      const condition = (node.childForFieldName('condition')?.text ?? '').trim();
      const alternatives = python
        ? node.namedChildren.filter((child) => child.type === 'elif_clause' || child.type === 'else_clause')
        : [node.childForFieldName('alternative')].filter((child): child is SyntaxNode => Boolean(child));
      const constant = constantCondition(condition, python);
      if (constant === false) dead(node.childForFieldName('consequence'));
      else if (constant === true) for (const alternative of alternatives) dead(alternative);
    } else if (type === 'while_statement') {
      const condition = (node.childForFieldName('condition')?.text ?? '').trim();
      if (constantCondition(condition, python) === false) dead(node.childForFieldName('body'));
    } else if (type === 'for_statement' && python) {
      const over = (node.childForFieldName('right')?.text ?? '').trim();
      if (PY_EMPTY_LOOP.test(over) || emptyRange(over)) dead(node.childForFieldName('body'));
    } else if (type === 'for_in_statement' && !python) {
      const over = (node.childForFieldName('right')?.text ?? '').trim();
      if (/^(?:\[\s*\]|\{\s*\}|''|"")$/.test(over)) dead(node.childForFieldName('body'));
    } else if (!same(node, unit)) {
      const defined = nestedDefinition(node, python);
      if (defined && neverRuns({ unit, defined, python, known })) {
        dead(defined.body);
        return;
      }
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(unit);
  return merge(ranges);
}

/**
 * A condition's value when its text alone fixes it: a falsy or truthy literal, a literal comparison of two
 * numbers (`1 == 2`), or an `and`/`&&` led by a falsy literal and an `or`/`||` by a truthy one. Otherwise
 * undefined (taken as either way).
 */
function constantCondition(text: string, python: boolean): boolean | undefined {
  if ((python ? PY_FALSY : JS_FALSY).test(text)) return false;
  if ((python ? PY_TRUTHY : JS_TRUTHY).test(text)) return true;
  const inner = text.replace(/^\(\s*([^()]*?)\s*\)$/, '$1');
  const compared = /^(-?\d+(?:\.\d+)?)\s*(===?|!==?|<=?|>=?)\s*(-?\d+(?:\.\d+)?)$/.exec(inner);
  if (compared) {
    const [left, right] = [Number(compared[1]), Number(compared[3])];
    const operator = compared[2]!;
    return operator.startsWith('=')
      ? left === right
      : operator.startsWith('!')
        ? left !== right
        : operator === '<'
          ? left < right
          : operator === '<='
            ? left <= right
            : operator === '>'
              ? left > right
              : left >= right;
  }
  const [and, or] = python ? [/^(\S+)\s+and\s/, /^(\S+)\s+or\s/] : [/^(\S+?)\s*&&/, /^(\S+?)\s*\|\|/];
  const first = and.exec(inner)?.[1];
  if (first && constantCondition(first, python) === false) return false;
  const either = or.exec(inner)?.[1];
  if (either && constantCondition(either, python) === true) return true;
  return undefined;
}

/** `range(3, 3)`, `range(5, 1)`: a range of literals with no number in it (the step left at 1). */
function emptyRange(text: string): boolean {
  const match = /^range\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/.exec(text);
  return Boolean(match && Number(match[1]) >= Number(match[2]));
}

/**
 * `1 / 0`, `x // 0` as a statement: it always raises (ZeroDivisionError; a model's way to make
 * `pytest.raises` pass), so what follows it in the block never runs. JavaScript's `x / 0` is Infinity.
 */
function dividesByZero(statement: SyntaxNode): boolean {
  const expression = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
  return Boolean(
    expression?.type === 'binary_operator' &&
      /^(?:\/|\/\/|%)$/.test(expression.childForFieldName('operator')?.text ?? '') &&
      /^0(?:\.0*)?$/.test(expression.childForFieldName('right')?.text ?? ''),
  );
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

/** Two handles on one syntax node (web-tree-sitter makes a new object each time a node is reached), or one range. */
function same(
  a: SyntaxNode | DeadRange | null | undefined,
  b: SyntaxNode | DeadRange | null | undefined,
): boolean {
  if (!a || !b) return false;
  if ('start' in a || 'start' in b)
    return 'start' in a && 'start' in b && a.start === b.start && a.end === b.end;
  return a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/**
 * A nested function runs when the test names it anywhere else (a call, handed on, returned). A generator
 * whose every other mention is a bare call statement (`check()`) is made and dropped: its body never runs.
 */
function neverRuns({
  unit,
  defined,
  python,
  known,
}: {
  unit: SyntaxNode;
  defined: Definition;
  python: boolean;
  /** ranges already known never to run: a use there is none */
  known: readonly DeadRange[];
}): boolean {
  const inside = (node: SyntaxNode) =>
    node.startIndex >= defined.node.startIndex && node.endIndex <= defined.node.endIndex;
  const uses: SyntaxNode[] = [];
  const named = (name: string) => {
    const found: SyntaxNode[] = [];
    const collect = (node: SyntaxNode) => {
      if (node.type === 'identifier' && node.text === name && !inDead(node, known)) found.push(node);
      for (const child of node.namedChildren) collect(child);
    };
    collect(unit);
    return found;
  };
  uses.push(...named(defined.name).filter((node) => !inside(node)));
  if (uses.length === 0) return true;
  if (!defined.generator) return false;
  // a generator made and dropped: a bare call statement, or one bound to a name never read (`_ = check()`)
  return uses.every((use) => {
    const call = use.parent;
    if (
      call?.type !== (python ? 'call' : 'call_expression') ||
      !same(call.childForFieldName('function'), use)
    )
      return false;
    const holder = call.parent;
    if (holder?.type === 'expression_statement') return true;
    const bound =
      holder?.type === 'assignment' && same(holder.childForFieldName('right'), call)
        ? holder.childForFieldName('left')
        : holder?.type === 'variable_declarator' && same(holder.childForFieldName('value'), call)
          ? holder.childForFieldName('name')
          : undefined;
    return bound?.type === 'identifier' && named(bound.text).length === 1;
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
