import type { LanguageId } from '../../core/languages.js';
import { escapeRegExp } from '../../core/regexp.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/**
 * What a test suite does with the code it tests, read from its text: each test, whether its assertions
 * can fail (not swallowed by a try/except), whether it calls the real code (not a mock of it), and whether
 * an assertion compares what the code returned. The reading is static and errs towards "evidence": a
 * test is flagged only for a shape that shows it, and the mutants decide the rest (`measure.ts`).
 */
export type TestProblem = 'swallowed-assertion' | 'mocks-subject' | 'no-result-assertion';

export interface ProblemAt {
  problem: TestProblem;
  /** 1-based line in the suite */
  line: number;
  /** what was seen: `except AssertionError`, `patch.object(solution, 'is_prime')`, `toBeDefined()` */
  evidence: string;
}

export interface TestReading {
  name: string;
  /** 1-based */
  line: number;
  problems: ProblemAt[];
}

export interface SuiteReading {
  tests: TestReading[];
  /** the code's names the suite calls (the functions under test) */
  subjects: string[];
}

/** One assertion's kind: compares a result, checks its truth one way, or shows nothing about it. */
type Strength = 'compares' | 'truthy' | 'falsy' | 'weak';

interface Assertion {
  strength: Strength;
  /** the subject name or result variable it is about (for the truthy/falsy pairing) */
  about?: string;
  line: number;
  text: string;
}

interface Unit {
  name: string;
  node: SyntaxNode;
  /** the text the unit's rules read: decorators included */
  text: string;
  line: number;
}

const TRIVIAL_TRUTHY = /^\s*(?:True|False|true|false|1|0|None|null|undefined)\s*$/;

/** Names a candidate defines at the top level: what its tests are meant to call. */
export function definedNames(code: string, language: LanguageId): string[] {
  const pattern =
    language === 'python'
      ? /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/gm
      : /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
  return [...new Set([...code.matchAll(pattern)].map((match) => match[1] as string))];
}

function callsOf(names: readonly string[]): RegExp | undefined {
  if (names.length === 0) return undefined;
  return new RegExp(`(?<![\\w$])(?:${names.map(escapeRegExp).join('|')})\\s*(?:<[^>()]*>\\s*)?\\(`);
}

function mentions(text: string, names: readonly string[]): string | undefined {
  for (const name of names)
    if (new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`).test(text)) return name;
  return undefined;
}

function descendants(node: SyntaxNode, types: readonly string[], found: SyntaxNode[] = []): SyntaxNode[] {
  for (const child of node.namedChildren) {
    if (types.includes(child.type)) found.push(child);
    descendants(child, types, found);
  }
  return found;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line.trim();
}

// ---------------------------------------------------------------------------------------------------
// Python

function pythonUnits(root: SyntaxNode): { tests: Unit[]; helpers: Unit[] } {
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
      for (const member of definition.childForFieldName('body')?.namedChildren ?? [])
        take(member, `${className}.`);
    } else take(node, '');
  }
  return { tests, helpers };
}

const PY_STRONG_METHODS =
  /^(?:assert(?:Not)?Equals?|assert(?:Not)?AlmostEquals?|assert(?:Not)?In|assertIs(?:Not)?|assertIsNone|assert(?:Greater|Less)(?:Equal)?|assert(?:Not)?Regex|assertCountEqual|assert(?:List|Dict|Tuple|Set|Sequence|MultiLine)Equal|assertRaises(?:Regex)?|assertWarns(?:Regex)?)$/;
const PY_COMPARISON =
  /==|!=|<=|>=|<|>|\bnot\s+in\b|\bin\b|\bis\s+None\b|\bis\s+(?:True|False)\b|\bis\b(?!\s+not\s+None)/;

function pythonAssertions(unit: Unit, about: readonly string[]): Assertion[] {
  const found: Assertion[] = [];
  for (const node of descendants(unit.node, ['assert_statement', 'call'])) {
    const line = node.startPosition.row + 1;
    if (node.type === 'assert_statement') {
      const expression = node.namedChildren[0]?.text ?? '';
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
  for (const node of descendants(unit.node, ['with_statement'])) {
    if (!/\bpytest\.raises\s*\(/.test(node.text.split('\n')[0] ?? '')) continue;
    const body = node.childForFieldName('body')?.text ?? node.text;
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

/**
 * An assert's condition: a comparison of something the code returned (`f(2) == 4`, `r in (1, 2)`,
 * `f(x) is None`), its bare truth (`f(7)`, `not f(8)`: a predicate, evidence only when the suite checks
 * both ways), or nothing about it (`isinstance(r, str)`, `r is not None`, `True`).
 */
function classifyCondition(
  condition: string,
  about: readonly string[],
  language: 'python' | 'node',
): { strength: Strength; about?: string } {
  if (!mentions(condition, about) || TRIVIAL_TRUTHY.test(condition)) return { strength: 'weak' };
  const call = String.raw`\([^()]*(?:\([^()]*\)[^()]*)*\)`;
  const stripped =
    language === 'python'
      ? condition
          .replace(new RegExp(String.raw`\btype\s*${call}\s*(?:==|is)\s*[\w.]+`, 'g'), ' _weak ')
          .replace(
            new RegExp(String.raw`\b(?:isinstance|issubclass|callable|hasattr)\s*${call}`, 'g'),
            ' _weak ',
          )
          .replace(/\bis\s+not\s+None\b|!=\s*None\b/g, ' _weak ')
      : condition
          .replace(/\btypeof\s+[^=!&|]+?[!=]==?\s*(['"`])\w*\1/g, ' _weak ')
          .replace(/\binstanceof\s+[\w$.]+/g, ' _weak ')
          .replace(/!==?\s*(?:undefined|null)\b/g, ' _weak ');
  const target = mentions(stripped, about);
  if (target && (language === 'python' ? PY_COMPARISON : NODE_COMPARISON).test(stripped))
    return { strength: 'compares', about: target };
  if (!target || /\b_weak\b/.test(stripped)) return { strength: 'weak' };
  const negated = language === 'python' ? /^\s*not\b/.test(condition) : /^\s*!/.test(condition);
  return { strength: negated ? 'falsy' : 'truthy', about: target };
}

function pythonSwallowed(unit: Unit): ProblemAt[] {
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
function pythonMocks(
  text: string,
  subjects: readonly string[],
  module: string,
  lineOffset: number,
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

// ---------------------------------------------------------------------------------------------------
// JavaScript and TypeScript

const NODE_COMPARISON = /===?|!==?|<=|>=|<|>|\bin\b/;
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

function nodeUnits(root: SyntaxNode): { tests: Unit[]; helpers: Unit[] } {
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

function nodeAssertions(unit: Unit, about: readonly string[]): Assertion[] {
  const found: Assertion[] = [];
  for (const call of descendants(unit.node, ['call_expression'])) {
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

function nodeSwallowed(unit: Unit): ProblemAt[] {
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
function nodeMocks(
  text: string,
  subjects: readonly string[],
  module: string,
  lineOffset: number,
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

// ---------------------------------------------------------------------------------------------------

const KEYWORDS = new Set([
  'self',
  'const',
  'let',
  'var',
  'await',
  'def',
  'for',
  'in',
  'if',
  'assert',
  'return',
  'async',
  'this',
]);

/** Variables the unit assigns from a call of the code (`r = f(2)`, `const s = new Stack()`), transitively. */
function resultVariables(text: string, names: readonly string[], python: boolean): string[] {
  const variables = [...names];
  const assignment = python
    ? /^[ \t]*([\w, ()[\]]+?)[ \t]*(?::[ \t]*[^=\n]+)?=(?!=)[ \t]*(.+)$/gm
    : /(?:\b(?:const|let|var)[ \t]+|^[ \t]*)([\w$]+|\{[^}]*\}|\[[^\]]*\])[ \t]*(?::[ \t]*[^=\n]+)?=(?![=>])[ \t]*(.+)$/gm;
  for (let changed = true; changed; ) {
    changed = false;
    for (const match of text.matchAll(assignment)) {
      const calls = callsOf(variables);
      if (!calls?.test(match[2]!) && !mentions(match[2]!, variables.slice(names.length))) continue;
      for (const name of match[1]!.match(/[A-Za-z_$][\w$]*/g) ?? [])
        if (!variables.includes(name) && !KEYWORDS.has(name)) {
          variables.push(name);
          changed = true;
        }
    }
  }
  return variables;
}

/**
 * Reads a suite: the tests it declares and, per test, the problems its text shows. `module` is the name
 * the tests import the code by (`solution`).
 */
export async function readSuite(
  suite: string,
  language: LanguageId,
  code: string,
  module: string,
): Promise<SuiteReading> {
  const python = language === 'python';
  const tree = await parse(
    language === 'tsx' ? 'tsx' : python ? 'python' : language === 'javascript' ? 'javascript' : 'typescript',
    suite,
  );
  try {
    const defined = definedNames(code, language);
    const calls = callsOf(defined);
    const subjects = defined.filter((name) => callsOf([name])?.test(suite));
    const { tests, helpers } = python ? pythonUnits(tree.rootNode) : nodeUnits(tree.rootNode);
    // asserts at the top of a module (a model's `assert f(2) == 4` lines, run as the module loads): one test
    if (
      python &&
      tests.length === 0 &&
      tree.rootNode.namedChildren.some((node) => node.type === 'assert_statement')
    )
      tests.push({ name: '<module>', node: tree.rootNode, text: suite, line: 1 });
    const assertionsOf = (unit: Unit) => {
      const about = resultVariables(unit.text, subjects, python);
      return python ? pythonAssertions(unit, about) : nodeAssertions(unit, about);
    };
    // helpers that compare a result count for the tests that call them
    const comparingHelpers = helpers
      .filter((helper) => assertionsOf(helper).some((assertion) => assertion.strength === 'compares'))
      .map((helper) => helper.name);
    const helperCall = callsOf(comparingHelpers);
    // what lies outside every test (module-level patches, vi.mock hoisted above the imports) applies to all
    let outside = suite;
    for (const unit of [...tests, ...helpers].sort((a, b) => b.node.startIndex - a.node.startIndex))
      outside =
        outside.slice(0, unit.node.startIndex) +
        unit.text.replace(/[^\n]/g, ' ') +
        outside.slice(unit.node.endIndex);
    const mocks = python ? pythonMocks : nodeMocks;
    const everywhere = mocks(outside, subjects, module, 1);
    const readings = tests.map((unit) => {
      const assertions = assertionsOf(unit);
      return { unit, assertions };
    });
    // a predicate is checked when the suite asserts it both ways (`is_prime(7)`, `not is_prime(8)`)
    const truthy = new Set(
      readings.flatMap((reading) =>
        reading.assertions.filter((a) => a.strength === 'truthy').map((a) => a.about),
      ),
    );
    const falsy = new Set(
      readings.flatMap((reading) =>
        reading.assertions.filter((a) => a.strength === 'falsy').map((a) => a.about),
      ),
    );
    return {
      subjects,
      tests: readings.map(({ unit, assertions }) => {
        const problems = [
          ...(python ? pythonSwallowed(unit) : nodeSwallowed(unit)),
          ...everywhere,
          ...mocks(unit.text, subjects, module, unit.line),
        ];
        const compares = assertions.some(
          (assertion) =>
            assertion.strength === 'compares' ||
            ((assertion.strength === 'truthy' || assertion.strength === 'falsy') &&
              truthy.has(assertion.about) &&
              falsy.has(assertion.about)),
        );
        const viaHelper = helperCall?.test(unit.text) ?? false;
        // with no name of the code called anywhere, what an assertion is about cannot be told: not flagged here
        if (!compares && !viaHelper && calls) {
          const weakest = assertions[0];
          problems.push({
            problem: 'no-result-assertion',
            line: weakest?.line ?? unit.line,
            evidence: weakest ? weakest.text : 'no assertion',
          });
        }
        return { name: unit.name, line: unit.line, problems };
      }),
    };
  } finally {
    tree.delete();
  }
}
