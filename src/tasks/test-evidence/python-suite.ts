import type { SyntaxNode } from '../../syntax/parser.js';
import { deadRanges, inDead, withoutDead } from './dead-code.js';
import {
  type Assertion,
  classifyCondition,
  descendants,
  firstLine,
  mentions,
  type ProblemAt,
  type Unit,
} from './reading-support.js';

/** A pytest or unittest suite read: its tests and helpers, assertions, swallowed asserts, mocks of the code. */
export function pythonUnits(root: SyntaxNode): { tests: Unit[]; helpers: Unit[] } {
  const tests: Unit[] = [];
  const helpers: Unit[] = [];
  const functionOf = (node: SyntaxNode): SyntaxNode | undefined =>
    node.type === 'function_definition'
      ? node
      : node.type === 'decorated_definition'
        ? (node.childForFieldName('definition') ?? undefined)
        : undefined;
  const take = (node: SyntaxNode, prefix: string) => {
    const definition = functionOf(node);
    if (definition?.type !== 'function_definition') return;
    const name = definition.childForFieldName('name')?.text ?? '';
    const unit = { name: `${prefix}${name}`, node, text: node.text, line: node.startPosition.row + 1 };
    if (name.startsWith('test')) tests.push(unit);
    else helpers.push(unit);
  };
  for (const node of root.namedChildren) {
    const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
    if (definition?.type === 'class_definition') {
      const className = definition.childForFieldName('name')?.text ?? '';
      // pytest collects a class named Test*, unittest a TestCase's subclass (any name, so any base is taken
      // as one): the methods of `class ValuesTest:` are never run as tests (w220)
      const collected = className.startsWith('Test') || Boolean(definition.childForFieldName('superclasses'));
      const before = tests.length;
      for (const member of definition.childForFieldName('body')?.namedChildren ?? [])
        take(member, `${className}.`);
      if (!collected) helpers.push(...tests.splice(before));
    } else take(node, '');
  }
  // a name defined again later at the same level replaces the first definition: only the last one runs (w220)
  return { tests: lastOfEachName(tests), helpers: lastOfEachName(helpers) };
}

function lastOfEachName(units: Unit[]): Unit[] {
  return units.filter((unit, index) => !units.slice(index + 1).some((later) => later.name === unit.name));
}

const PY_STRONG_METHODS =
  /^(?:assert(?:Not)?Equals?|assert(?:Not)?AlmostEquals?|assert(?:Not)?In|assertIs(?:Not)?|assertIsNone|assert(?:Greater|Less)(?:Equal)?|assert(?:Not)?Regex|assertCountEqual|assert(?:List|Dict|Tuple|Set|Sequence|MultiLine)Equal|assertRaises(?:Regex)?|assertWarns(?:Regex)?)$/;

export function pythonAssertions(unit: Unit, about: readonly string[]): Assertion[] {
  const found: Assertion[] = [];
  // an assertion that never runs (after a return, under `if False:`, in a function never called) is none
  const dead = deadRanges(unit.node, true);
  const live = (node: SyntaxNode) => !inDead(node, dead);
  for (const node of descendants(unit.node, ['assert_statement', 'call']).filter(live)) {
    const line = node.startPosition.row + 1;
    if (node.type === 'assert_statement') {
      const condition = node.namedChildren[0];
      // `assert (r == 2, "message")`: a non-empty tuple is always true, the assert cannot fail
      if (condition?.type === 'tuple' && condition.namedChildren.length > 0) {
        found.push({ strength: 'weak', line, text: firstLine(node.text) });
        continue;
      }
      const expression = condition?.text ?? '';
      found.push({ ...classifyCondition(expression, about, 'python'), line, text: firstLine(node.text) });
      continue;
    }
    const callee = node.childForFieldName('function')?.text ?? '';
    const method =
      /^self\.(assert\w+)$/.exec(callee)?.[1] ?? /^(?:unittest\.)?TestCase\.(assert\w+)$/.exec(callee)?.[1];
    if (!method) continue;
    const args = node.childForFieldName('arguments')?.text ?? '';
    const subject = mentions(args, about);
    const text = firstLine(node.text);
    if (PY_STRONG_METHODS.test(method)) {
      // `with self.assertRaises(E): f(x)`: the call is in the with block, not in the arguments
      const raises = /^assert(?:Raises|Warns)/.test(method) && node.parent?.type !== 'expression_statement';
      const scope = raises ? (withBody(node)?.text ?? '') : args;
      const target = mentions(scope, about) ?? subject;
      found.push({
        strength: target ? 'compares' : 'weak',
        ...(target ? { about: target } : {}),
        line,
        text,
      });
    } else if (method === 'assertTrue' || method === 'assertFalse') {
      const inner = args.replace(/^\(|\)$/g, '');
      const classified = classifyCondition(inner, about, 'python');
      const strength =
        method === 'assertFalse' && classified.strength === 'truthy'
          ? 'falsy'
          : method === 'assertFalse' && classified.strength === 'falsy'
            ? 'truthy'
            : classified.strength;
      found.push({ ...classified, strength, line, text });
    } else if (/^assert/.test(method)) found.push({ strength: 'weak', line, text });
  }
  // pytest.raises(E) around a call of the code: the exception is its result
  for (const node of descendants(unit.node, ['with_statement']).filter(live)) {
    if (!/\bpytest\.raises\s*\(/.test(node.text.split('\n')[0] ?? '')) continue;
    // what the block calls before it raises: a mention after a statement that always raises is none
    const block = node.childForFieldName('body');
    const body = block ? withoutDead(block.text, block.startIndex, dead) : node.text;
    const target = mentions(body, about);
    found.push({
      strength: target ? 'compares' : 'weak',
      ...(target ? { about: target } : {}),
      line: node.startPosition.row + 1,
      text: firstLine(node.text),
    });
  }
  return found;
}

function withBody(call: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = call; current; current = current.parent)
    if (current.type === 'with_statement') return current.childForFieldName('body') ?? undefined;
  return undefined;
}

export function pythonSwallowed(unit: Unit): ProblemAt[] {
  const problems: ProblemAt[] = [];
  for (const node of descendants(unit.node, ['try_statement'])) {
    const body = node.childForFieldName('body')?.text ?? '';
    if (!/\bassert\b|\bself\.assert\w*\(|\bself\.fail\(|\bpytest\.fail\(/.test(body)) continue;
    for (const clause of node.namedChildren.filter((child) => child.type === 'except_clause')) {
      const header = clause.text.split(':')[0] ?? '';
      const catches =
        /^except\s*$/.test(header.trim()) || /\b(?:AssertionError|Exception|BaseException)\b/.test(header);
      const handler = clause.namedChildren.at(-1)?.text ?? '';
      if (catches && !/\braise\b|\bpytest\.fail\(|\bself\.fail\(/.test(handler))
        problems.push({
          problem: 'swallowed-assertion',
          line: clause.startPosition.row + 1,
          evidence: header.trim(),
        });
    }
  }
  for (const match of unit.text.matchAll(/\bsuppress\s*\(([^)]*)\)/g)) {
    if (/\b(?:AssertionError|Exception|BaseException)\b/.test(match[1] ?? ''))
      problems.push({
        problem: 'swallowed-assertion',
        line: unit.line + unit.text.slice(0, match.index).split('\n').length - 1,
        evidence: match[0],
      });
  }
  return problems;
}

/** `patch('solution.f')`, `patch.object(solution, 'f')`, `monkeypatch.setattr(...)`, `solution.f = …`. */
export function pythonMocks(
  text: string,
  { subjects, module, lineOffset }: { subjects: readonly string[]; module: string; lineOffset: number },
): ProblemAt[] {
  const problems: ProblemAt[] = [];
  const subject = new Set(subjects);
  const at = (index: number) => lineOffset + text.slice(0, index).split('\n').length - 1;
  const push = (index: number, evidence: string) =>
    problems.push({ problem: 'mocks-subject', line: at(index), evidence: firstLine(evidence) });
  for (const match of text.matchAll(/\b(?:patch|monkeypatch\.setattr|setattr)\s*\(\s*(['"])([\w.]+)\1/g)) {
    const leaf = match[2]!.split('.').at(-1)!;
    if (subject.has(leaf)) push(match.index, match[0]);
  }
  for (const match of text.matchAll(
    /\b(?:patch\.object|monkeypatch\.setattr|setattr|patch\.multiple)\s*\(\s*([\w.]+)\s*,\s*(['"])(\w+)\2/g,
  ))
    if (subject.has(match[3]!)) push(match.index, match[0]);
  for (const match of text.matchAll(/^\s*([A-Za-z_][\w.]*)\.(\w+)\s*=(?!=)/gm))
    if (subject.has(match[2]!) && match[1]!.split('.').at(-1) === module) push(match.index, match[0]);
  for (const match of text.matchAll(
    /^\s*(\w+)\s*=\s*(?:\w+\.)?(?:Mock|MagicMock|AsyncMock|create_autospec|lambda)\b/gm,
  ))
    if (subject.has(match[1]!)) push(match.index, match[0]);
  return problems;
}
