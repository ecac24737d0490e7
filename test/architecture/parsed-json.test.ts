import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

/**
 * What `JSON.parse` returns is whatever the text said, so src/ takes it as `unknown` and hands it to a schema
 * (STYLE.md: every external response is parsed through a schema; issue 56's "still open" list counted 21
 * `JSON.parse(…) as T`). A cast (`JSON.parse(text) as Answer`, `<Answer>JSON.parse(text)`) claims a shape
 * nobody checked: a wrong answer then travels on as if it were right. Tests, `*.case.ts` and `__fixtures__`
 * aside; `as unknown` is no claim, but `as unknown as T` and `const x: T = JSON.parse(…)` are.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');

const isJsonParse = (node: ts.Node): boolean => {
  let inner = node;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return (
    ts.isCallExpression(inner) &&
    ts.isPropertyAccessExpression(inner.expression) &&
    inner.expression.name.text === 'parse' &&
    ts.isIdentifier(inner.expression.expression) &&
    inner.expression.expression.text === 'JSON'
  );
};

/** The casts of `JSON.parse(…)` to a type other than `unknown` in a file's text: `path:line`. */
function castParses(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const claims = (type: ts.TypeNode | undefined) =>
    type !== undefined && type.kind !== ts.SyntaxKind.UnknownKeyword;
  // `JSON.parse(…) as unknown as T` is the same claim with one more step
  const parsed = (node: ts.Node): boolean => {
    let inner = node;
    while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
    return (
      isJsonParse(inner) ||
      ((ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner)) &&
        !claims(inner.type) &&
        isJsonParse(inner.expression))
    );
  };
  const visit = (node: ts.Node) => {
    const cast =
      (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) &&
      claims(node.type) &&
      parsed(node.expression);
    // `const x: T = JSON.parse(…)` claims it as well as a cast does
    const annotated =
      ts.isVariableDeclaration(node) &&
      claims(node.type) &&
      node.initializer &&
      isJsonParse(node.initializer);
    if (cast || annotated) {
      found.push(`${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('parsed JSON', () => {
  it('is never cast to a type in src/: it goes to a schema as unknown', () => {
    const found = sourceFiles(join(ROOT, 'src')).flatMap((file) =>
      castParses(relative(ROOT, file).split(sep).join('/'), readFileSync(file, 'utf8')),
    );
    expect(found).toEqual([]);
  });

  it('finds the casts it is meant to find, and lets `unknown` and schemas pass', () => {
    const sample = [
      'const a = JSON.parse(text) as Answer;',
      'const b = (JSON.parse(text)) as [number, string] | null;',
      'const c = <Answer>JSON.parse(text);',
      'const d = JSON.parse(text) as unknown;',
      'const e = schema.parse(JSON.parse(text));',
      'const f: unknown = JSON.parse(text);',
      'const g: Answer = JSON.parse(text);',
      'const h = JSON.parse(text) as unknown as Answer;',
      'const i = (JSON.parse(text) as unknown) as Answer;',
    ].join('\n');
    expect(castParses('sample.ts', sample)).toEqual([
      'sample.ts:1',
      'sample.ts:2',
      'sample.ts:3',
      'sample.ts:7',
      'sample.ts:8',
      'sample.ts:9',
    ]);
  });
});
