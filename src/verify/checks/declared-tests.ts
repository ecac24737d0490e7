import type ts from 'typescript';
import { typescript } from '../../core/typescript-compiler.js';

/**
 * The tests a JavaScript or TypeScript test file declares, found by a syntax walk: each `test(…)`, `it(…)`
 * or `t.test(…)` call with its name. A runner's report is held against it: a test reported from a file
 * that does not declare it (a name the candidate registered, a zero-width name) is not evidence.
 */
export interface DeclaredTests {
  /** each literal name and how many calls declare it */
  names: Map<string, number>;
  /**
   * a test's name is computed, or a declaration sits in a loop or a callback that may call it many times
   * (`for`, `.forEach`, `test.each`): the names and counts are then a floor, not the whole list
   */
  dynamic: boolean;
}

const TEST_CALLEES = new Set(['test', 'it']);
const SUITE_CALLEES = new Set(['describe', 'suite', 'test', 'it']);

/** `test`, `it.only`, `t.test`, `test.skip`: the name the call is made through, and its base */
function calleeName(expression: ts.Expression): { name?: string; base?: string } {
  const ts = typescript();
  if (ts.isIdentifier(expression)) return { name: expression.text, base: expression.text };
  if (ts.isPropertyAccessExpression(expression)) {
    const base = ts.isIdentifier(expression.expression) ? expression.expression.text : undefined;
    const name = expression.name.text;
    if (
      base &&
      TEST_CALLEES.has(base) &&
      ['only', 'skip', 'todo', 'concurrent', 'fails', 'failing'].includes(name)
    )
      return { name: base, base };
    return { name, base };
  }
  return {};
}

function isLoop(node: ts.Node): boolean {
  const ts = typescript();
  return (
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isWhileStatement(node) ||
    ts.isDoStatement(node)
  );
}

export function declaredTests(code: string, fileName: string): DeclaredTests {
  const ts = typescript();
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const names = new Map<string, number>();
  let dynamic = false;
  // repeated: inside a loop or a function that is not a test's or a suite's own body
  const visit = (node: ts.Node, repeated: boolean): void => {
    if (ts.isCallExpression(node)) {
      const callee = calleeName(node.expression);
      if (ts.isCallExpression(node.expression) && ts.isPropertyAccessExpression(node.expression.expression)) {
        // test.each(table)('name %s', fn)
        if (node.expression.expression.name.text === 'each') dynamic = true;
      }
      if (callee.name && TEST_CALLEES.has(callee.name)) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && !repeated)
          names.set(first.text, (names.get(first.text) ?? 0) + 1);
        else if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          names.set(first.text, (names.get(first.text) ?? 0) + 1);
          dynamic = true;
        } else dynamic = true;
      }
      const bodyOfTest = callee.name !== undefined && SUITE_CALLEES.has(callee.name);
      visit(node.expression, repeated);
      for (const argument of node.arguments) {
        const isFunction = ts.isArrowFunction(argument) || ts.isFunctionExpression(argument);
        visit(argument, repeated || (isFunction && !bodyOfTest));
      }
      return;
    }
    if (isLoop(node)) {
      ts.forEachChild(node, (child) => visit(child, true));
      return;
    }
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
      // a helper that declares tests can be called any number of times
      ts.forEachChild(node, (child) => visit(child, true));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, repeated));
  };
  visit(source, false);
  return { names, dynamic };
}

function scriptKind(fileName: string): ts.ScriptKind {
  const ts = typescript();
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(fileName)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}
