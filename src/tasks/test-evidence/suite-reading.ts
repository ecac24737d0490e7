import type { LanguageId } from '../../core/languages.js';
import { parse } from '../../syntax/parser.js';
import { deadRanges, withoutDead } from './dead-code.js';
import { nodeAssertions, nodeMocks, nodeSwallowed, nodeUnits } from './node-suite.js';
import { pythonAssertions, pythonMocks, pythonSwallowed, pythonUnits } from './python-suite.js';
import {
  callsOf,
  definedNames,
  functionNames,
  mentions,
  moduleBindings,
  type SuiteReading,
  sourceReaderAliases,
  sourceReadings,
  type Unit,
} from './reading-support.js';

export type { ProblemAt, SuiteReading, TestProblem, TestReading } from './reading-support.js';
export { definedNames } from './reading-support.js';

/*
 * readSuite: a suite's tests and, per test, the problems its text shows — the language's own reading in
 * python-suite.ts and node-suite.ts, the shared pieces (types, what an assertion is about, how a condition
 * is classified) in reading-support.ts.
 */

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
export async function readSuite({
  suite,
  language,
  code,
  module,
}: {
  suite: string;
  language: LanguageId;
  code: string;
  module: string;
}): Promise<SuiteReading> {
  const python = language === 'python';
  const tree = await parse(
    language === 'tsx' ? 'tsx' : python ? 'python' : language === 'javascript' ? 'javascript' : 'typescript',
    suite,
  );
  try {
    const defined = definedNames(code, language);
    const calls = callsOf(defined);
    const subjects = defined.filter((name) => callsOf([name])?.test(suite));
    const readable = functionNames(code, language);
    const aliases = python ? sourceReaderAliases(suite) : [];
    const bindings = moduleBindings(suite, module, python);
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
    const everywhere = [
      ...mocks(outside, { subjects, module, lineOffset: 1 }),
      ...sourceReadings(outside, { names: readable, module, python, lineOffset: 1, aliases, bindings }),
    ];
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
          ...mocks(unit.text, { subjects, module, lineOffset: unit.line }),
          ...sourceReadings(unit.text, {
            names: readable,
            module,
            python,
            lineOffset: unit.line,
            aliases,
            bindings,
          }),
        ];
        const compares = assertions.some(
          (assertion) =>
            assertion.strength === 'compares' ||
            ((assertion.strength === 'truthy' || assertion.strength === 'falsy') &&
              truthy.has(assertion.about) &&
              falsy.has(assertion.about)),
        );
        // a helper called only where the test never reaches does not check anything
        const reached = withoutDead(unit.text, unit.node.startIndex, deadRanges(unit.node, python));
        const viaHelper = helperCall?.test(reached) ?? false;
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
