import type { SyntaxNode } from '../../syntax/parser.js';
import { deadRanges, inDead } from './dead-code.js';
import {
  type Assertion,
  classifyCondition,
  descendants,
  firstLine,
  mentions,
  type ProblemAt,
  type Unit,
} from './reading-support.js';

/** A vitest, jest or node:test suite read: its tests and helpers, expectations, swallowed expects, mocks. */
const STRONG_MATCHERS = new Set([
  'toBe',
  'toEqual',
  'toStrictEqual',
  'toBeCloseTo',
  'toMatch',
  'toMatchObject',
  'toContain',
  'toContainEqual',
  'toHaveLength',
  'toHaveProperty',
  'toBeGreaterThan',
  'toBeGreaterThanOrEqual',
  'toBeLessThan',
  'toBeLessThanOrEqual',
  'toThrow',
  'toThrowError',
  'toBeNull',
  'toBeNaN',
  'toBeUndefined',
  'toMatchInlineSnapshot',
]);
const STRONG_ASSERTS =
  /^assert\.(?:equal|strictEqual|deepEqual|deepStrictEqual|notEqual|notStrictEqual|notDeepEqual|notDeepStrictEqual|throws|rejects|doesNotMatch|match)$/;
const TEST_CALLEE = /^(?:it|test)(?:\.(?:only|concurrent|sequential|skipIf\([^)]*\)|runIf\([^)]*\)))?$/;

export function nodeUnits(root: SyntaxNode): { tests: Unit[]; helpers: Unit[] } {
  const tests: Unit[] = [];
  const visit = (node: SyntaxNode) => {
    if (node.type === 'call_expression') {
      const callee = node.childForFieldName('function');
      const calleeText = callee?.text ?? '';
      const each =
        callee?.type === 'call_expression' &&
        /^(?:it|test)(?:\.\w+)*\.each$/.test(callee.childForFieldName('function')?.text ?? '');
      if (TEST_CALLEE.test(calleeText) || each) {
        const first = node.childForFieldName('arguments')?.namedChildren[0];
        const name = first && /string|template/.test(first.type) ? first.text.slice(1, -1) : calleeText;
        tests.push({ name, node, text: node.text, line: node.startPosition.row + 1 });
        return;
      }
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(root);
  const helpers: Unit[] = [];
  for (const node of root.namedChildren) {
    const declaration = node.type === 'export_statement' ? node.namedChildren[0] : node;
    if (declaration?.type === 'function_declaration') {
      const name = declaration.childForFieldName('name')?.text ?? '';
      helpers.push({
        name,
        node: declaration,
        text: declaration.text,
        line: declaration.startPosition.row + 1,
      });
    } else if (declaration && ['lexical_declaration', 'variable_declaration'].includes(declaration.type)) {
      for (const declarator of declaration.namedChildren) {
        const value = declarator.childForFieldName('value');
        if (value && /function|arrow_function/.test(value.type)) {
          const name = declarator.childForFieldName('name')?.text ?? '';
          helpers.push({
            name,
            node: declarator,
            text: declarator.text,
            line: declarator.startPosition.row + 1,
          });
        }
      }
    }
  }
  return { tests, helpers };
}

/** `expect(x).not.toBe(…)` → the matcher, whether it is negated, and `x`. */
function expectation(call: SyntaxNode): { matcher: string; negated: boolean; subject: string } | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'member_expression') return undefined;
  const matcher = callee.childForFieldName('property')?.text ?? '';
  let object = callee.childForFieldName('object');
  let negated = false;
  while (object?.type === 'member_expression') {
    const property = object.childForFieldName('property')?.text;
    if (property === 'not') negated = !negated;
    else if (property !== 'resolves' && property !== 'rejects') return undefined;
    object = object.childForFieldName('object');
  }
  if (object?.type !== 'call_expression') return undefined;
  if (!/^(?:expect|expect\.soft)$/.test(object.childForFieldName('function')?.text ?? '')) return undefined;
  const args = object.childForFieldName('arguments')?.namedChildren ?? [];
  return { matcher, negated, subject: args[0]?.text ?? '' };
}

export function nodeAssertions(unit: Unit, about: readonly string[]): Assertion[] {
  const found: Assertion[] = [];
  // an expectation that never runs (after a return, under `if (false)`, in a function never called) is none
  const dead = deadRanges(unit.node, false);
  for (const call of descendants(unit.node, ['call_expression']).filter((node) => !inDead(node, dead))) {
    const line = call.startPosition.row + 1;
    const text = firstLine(call.text);
    const expected = expectation(call);
    if (expected) {
      const target = mentions(expected.subject, about);
      const typeOnly = /^\s*(?:typeof\b|Array\.isArray\(|Number\.is\w+\()/.test(expected.subject);
      if (!target || typeOnly) found.push({ strength: 'weak', line, text });
      else if (expected.matcher === 'toBeTruthy' || expected.matcher === 'toBeFalsy') {
        const truthy = (expected.matcher === 'toBeTruthy') !== expected.negated;
        found.push({ strength: truthy ? 'truthy' : 'falsy', about: target, line, text });
      } else if (
        STRONG_MATCHERS.has(expected.matcher) &&
        !(expected.negated && ['toBeUndefined', 'toBeNull'].includes(expected.matcher))
      )
        found.push({ strength: 'compares', about: target, line, text });
      else found.push({ strength: 'weak', line, text });
      continue;
    }
    const callee = call.childForFieldName('function')?.text ?? '';
    const args = call.childForFieldName('arguments')?.text ?? '';
    if (STRONG_ASSERTS.test(callee)) {
      const target = mentions(args, about);
      const typeOnly = /^\(\s*typeof\b/.test(args);
      found.push({
        strength: target && !typeOnly ? 'compares' : 'weak',
        ...(target ? { about: target } : {}),
        line,
        text,
      });
    } else if (
      callee === 'assert' ||
      callee === 'assert.ok' ||
      callee === 'assert.equal' ||
      callee === 'expect.assertions'
    ) {
      if (callee === 'expect.assertions') continue;
      const inner = call.childForFieldName('arguments')?.namedChildren[0]?.text ?? '';
      found.push({ ...classifyCondition(inner, about, 'node'), line, text });
    }
  }
  return found;
}

export function nodeSwallowed(unit: Unit): ProblemAt[] {
  const problems: ProblemAt[] = [];
  for (const node of descendants(unit.node, ['try_statement'])) {
    const body = node.childForFieldName('body')?.text ?? '';
    if (!/\bexpect\s*\(|\bassert\b/.test(body)) continue;
    const handler = node.childForFieldName('handler');
    if (!handler) continue;
    const handled = handler.childForFieldName('body')?.text ?? handler.text;
    if (!/\bthrow\b|\b(?:expect|assert)\.fail\(|(?<![\w.])fail\(/.test(handled))
      problems.push({
        problem: 'swallowed-assertion',
        line: handler.startPosition.row + 1,
        evidence: firstLine(handler.text),
      });
  }
  return problems;
}

/** `vi.mock('./solution')`, `jest.mock(...)`, `vi.spyOn(solution, 'f').mockReturnValue(…)`. */
export function nodeMocks(
  text: string,
  { subjects, module, lineOffset }: { subjects: readonly string[]; module: string; lineOffset: number },
): ProblemAt[] {
  const problems: ProblemAt[] = [];
  const at = (index: number) => lineOffset + text.slice(0, index).split('\n').length - 1;
  for (const match of text.matchAll(
    /\b(?:vi|jest)\.(?:mock|doMock|unstable_mockModule)\s*\(\s*(['"`])([^'"`]+)\1/g,
  )) {
    const leaf = (match[2]!.split('/').at(-1) ?? '').replace(/\.[cm]?[jt]sx?$/, '');
    if (match[2]!.startsWith('.') && leaf === module)
      problems.push({ problem: 'mocks-subject', line: at(match.index), evidence: match[0] });
  }
  const subject = new Set(subjects);
  for (const match of text.matchAll(/\b(?:vi|jest)\.spyOn\s*\(\s*[\w$.]+\s*,\s*(['"`])([\w$]+)\1\s*\)/g)) {
    if (!subject.has(match[2]!)) continue;
    // a spy that calls through is the real function; one given an implementation or a value is a mock
    if (/\.mock(?:Implementation|ReturnValue|ResolvedValue|RejectedValue)(?:Once)?\s*\(/.test(text))
      problems.push({ problem: 'mocks-subject', line: at(match.index), evidence: match[0] });
  }
  return problems;
}
