import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Benchmarks use src/ the way other code outside it would: through each layer's public entry point,
 * `src/<layer>/index.ts`, never a module deeper in a layer. A benchmark that needs more of a layer adds
 * the export to that layer's index, so what the benchmarks measure stays a small, named surface that a
 * change inside a layer can keep whole.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');

/** The benchmarks' source files (their corpora and the `.work/` they build aside). */
function benchFiles(folder = join(ROOT, 'bench')): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!/^(?:corpus[^/]*|\.work|node_modules)$/.test(entry.name)) found.push(...benchFiles(path));
    } else if (/\.(?:ts|mts|cts|mjs|cjs|js)$/.test(entry.name)) found.push(relative(ROOT, path));
  }
  return found;
}

/** Every module a file imports, re-exports or loads with `import()`, as written (template parts as `${…}`). */
function specifiersOf(text: string, path: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const argument = node.arguments[0];
      if (argument && (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument))) {
        found.push(argument.text);
      } else if (argument && ts.isTemplateExpression(argument)) {
        found.push(argument.getText(source).slice(1, -1));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Where a specifier reaches into src/, the path inside src/ it names; undefined when it does not. */
function insideSrc(specifier: string, file: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = relative(join(ROOT, 'src'), resolve(ROOT, dirname(file), specifier));
    return target.startsWith('..') ? undefined : target;
  }
  // a computed root (another checkout, `${root}/src/…`): what follows its src/
  return /\$\{[^}]*\}\/src\/(.+)$/.exec(specifier)?.[1];
}

const isEntryPoint = (inside: string) => /^[a-z-]+\/index\.(?:js|ts)$/.test(inside);

function deepImports(files: { path: string; text: string }[]): string[] {
  const deep: string[] = [];
  for (const { path, text } of files) {
    for (const specifier of specifiersOf(text, path)) {
      const inside = insideSrc(specifier, path);
      if (inside !== undefined && !isEntryPoint(inside)) deep.push(`${path} imports ${specifier}`);
    }
  }
  return deep;
}

describe('benchmarks and src/', () => {
  it('benchmarks import src/ only through the layers’ entry points (src/<layer>/index.ts)', () => {
    const files = benchFiles().map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(deepImports(files)).toEqual([]);
  });

  it('every entry point a benchmark names exists', () => {
    const missing: string[] = [];
    for (const path of benchFiles()) {
      for (const specifier of specifiersOf(readFileSync(join(ROOT, path), 'utf8'), path)) {
        const inside = insideSrc(specifier, path);
        if (
          inside &&
          isEntryPoint(inside) &&
          !existsSync(join(ROOT, 'src', inside.replace(/\.js$/, '.ts')))
        ) {
          missing.push(`${path} imports ${specifier}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('a deep import is found, static, re-exported or loaded from another checkout', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a bench file's template text, not this file's
    const root = '${root}';
    const deep = deepImports([
      { path: 'bench/x/run.ts', text: "import { scanSources } from '../../src/security/scan.js';" },
      { path: 'bench/x/again.ts', text: "export { parse } from '../../src/syntax/parser.js';" },
      { path: 'bench/x/other.ts', text: `const m = await import(\`${root}/src/core/languages.ts\`);` },
      {
        path: 'bench/x/fine.ts',
        text: "import { parse } from '../../src/syntax/index.js';\nimport { table } from '../results.js';",
      },
    ]);
    expect(deep).toEqual([
      'bench/x/run.ts imports ../../src/security/scan.js',
      'bench/x/again.ts imports ../../src/syntax/parser.js',
      `bench/x/other.ts imports ${root}/src/core/languages.ts`,
    ]);
  });
});
