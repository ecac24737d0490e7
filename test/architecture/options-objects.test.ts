import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

/**
 * Past three parameters, pass an options object (issue 56; STYLE.md, 10): `f({ path, language, budget })`
 * says at the call what each value is, and a new field cannot shift the others. Every function-like thing
 * of src/ (tests, `*.case.ts` and `__fixtures__` aside) counts: function declarations, methods,
 * constructors, arrow functions and function expressions (assigned to a name or not), and the signatures of
 * interfaces and function types, which fix their implementations' shape. A `this` parameter is not
 * positional. One with four or more fails here unless it is in `LIBRARY_SHAPES`: a callback whose signature
 * a library fixes, which cannot take an object.
 * A place is `path#name`: the function's name (a method's as `Class.method`), or for an unnamed function
 * what holds it (`(callback of replace)`, `(assigned to host.getSourceFile)`).
 */
const ROOT = resolve(import.meta.dirname, '..', '..');

/** Callbacks whose parameters a library decides: the function cannot take an options object instead. */
const LIBRARY_SHAPES = [
  // TypeScript's CompilerHost.getSourceFile(fileName, languageVersion, onError, shouldCreateNewSourceFile)
  'src/eval/typescript-compile.ts#(assigned to host.getSourceFile)',
  'src/verify/checks/typescript-diagnostics.ts#(assigned to host.getSourceFile)',
  // String.prototype.replace's replacer: (match, ...groups, offset, string)
  'src/tasks/test/suite-edit.ts#(callback of added.replace)',
  'src/tasks/tests-module.ts#(callback of tests.replace)',
];

/*
 * The security engine's per-node helpers take options objects too, the last seven (calls.ts and
 * expressions.ts) since issue 59: measured, `vouch scan` of Debian's Django, whole processes alternating
 * with the positional build (bench/notes/2026-11-26-gate-speed-6.md); before them the other 34
 * (engine-options.md, 14 pairs, x0.994) and LiteNode's constructor (gate-speed-5.md): no cost beyond the
 * noise.
 */

/** What a function-like node is called in a report: its name, or what holds it. */
function placeName(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  const owner = (member: ts.Node) => {
    const holder = member.parent;
    return (ts.isClassLike(holder) || ts.isInterfaceDeclaration(holder)) && holder.name
      ? `${holder.name.text}.`
      : '';
  };
  if (ts.isConstructorDeclaration(node)) return `${owner(node)}constructor`;
  if ((ts.isMethodDeclaration(node) || ts.isMethodSignature(node)) && node.name) {
    return `${owner(node)}${node.name.getText(source)}`;
  }
  if (ts.isFunctionDeclaration(node) && node.name) return node.name.text;
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return parent.name.getText(source);
  }
  if (ts.isPropertySignature(parent)) return `${owner(parent)}${parent.name.getText(source)}`;
  if (ts.isParameter(parent)) return `(parameter ${parent.name.getText(source)})`;
  if (ts.isBinaryExpression(parent)) return `(assigned to ${parent.left.getText(source)})`;
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression;
    return `(callback of ${ts.isPropertyAccessExpression(callee) ? `${callee.expression.getText(source)}.${callee.name.text}` : callee.getText(source)})`;
  }
  return `(${ts.SyntaxKind[node.kind]} at line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1})`;
}

/** Every function-like place of a file with more than three positional parameters: `path#name`. */
function longParameterLists(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node)) {
      const positional = node.parameters.filter(
        (parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === 'this'),
      );
      if (positional.length > 3)
        found.push(`${relative(ROOT, path).split(sep).join('/')}#${placeName(node, source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('functions past three parameters', () => {
  const found = sourceFiles(join(ROOT, 'src'))
    .flatMap((path) => longParameterLists(path))
    .sort();

  it('take an options object (only a library’s callbacks are positional)', () => {
    const positional = found.filter((place) => !LIBRARY_SHAPES.includes(place));
    expect(positional).toEqual([]);
  });

  it('lists no library callback that is gone', () => {
    expect(LIBRARY_SHAPES.filter((place) => !found.includes(place))).toEqual([]);
  });

  it('finds declarations, methods, signatures and arrow functions, named or not', () => {
    const sample = [
      'function declared(a: number, b: number, c: number, d: number) {}',
      'const arrow = (a: number, b: number, c: number, d: number) => a;',
      'class Holder { method(a: number, b: number, c: number, d: number) {} }',
      'interface Shape { sign(a: number, b: number, c: number, d: number): void }',
      'text.replace(/x/, (match, a, b, c) => match);',
      'function fine(this: Window, a: number, b: number, c: number) {}',
    ].join('\n');
    const names = longParameterLists(join(ROOT, 'sample.ts'), sample).map((place) =>
      place.replace('sample.ts#', ''),
    );
    expect(names).toEqual(['declared', 'arrow', 'Holder.method', 'Shape.sign', '(callback of text.replace)']);
  });
});
