import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { LanguageId } from '../../core/languages.js';
import type { TestFrameworkName } from '../../verify/checks/tests.js';
import { detectEnvironment } from '../../workspace/environment/index.js';

/**
 * The framework generated tests are written for: what `vouch env` detects for the project, in the order
 * the tests check runs them (pytest unless the project uses only unittest; vitest or jest when the
 * project has one installed, else node:test, which every Node has).
 */
export async function chooseFramework(root: string, language: LanguageId): Promise<TestFrameworkName> {
  const environment = await detectEnvironment(root);
  const frameworks = environment.testFrameworks.map((framework) => framework.name);
  if (language === 'python')
    return frameworks.includes('unittest') && !frameworks.includes('pytest') ? 'unittest' : 'pytest';
  const runner = (['vitest', 'jest'] as const).find(
    (name) => frameworks.includes(name) && existsSync(join(root, 'node_modules', name, 'package.json')),
  );
  return runner ?? 'node:test';
}

/** How the prompt tells the model to import the code under test, as the tests check will run it. */
export function importHint({
  framework,
  path,
  names,
  pythonModule,
  testFile,
}: {
  framework: TestFrameworkName;
  path: string;
  names: string[];
  pythonModule?: string | undefined;
  /** where the suite goes (JavaScript and TypeScript import relative to it); beside the code when absent */
  testFile?: string | undefined;
}): string {
  const base = pythonModule ?? (path.split('/').pop() ?? path).replace(/\.[^.]+$/, '');
  const list = names.length ? names.join(', ') : 'the functions';
  if (framework === 'pytest' || framework === 'unittest') return `from ${base} import ${list}`;
  const header =
    framework === 'node:test'
      ? "import { test } from 'node:test';\nimport assert from 'node:assert/strict';"
      : `import { describe, it, expect } from '${framework === 'jest' ? '@jest/globals' : 'vitest'}';`;
  const from = testFile ? posix.relative(posix.dirname(testFile), posix.dirname(path)) : '';
  const specifier = from === '' ? `./${base}` : `${from.startsWith('.') ? '' : './'}${from}/${base}`;
  return `${header}\nimport { ${list} } from '${specifier}.js';`;
}

/**
 * The name a Python module is imported by in its project: dotted through every enclosing package (a
 * folder with `__init__.py`), as the project's own tests import it. `shop/pricing.py` in a package is
 * `shop.pricing`: imported as a top-level `pricing`, its relative imports fail ("attempted relative
 * import"), and a test file written with `from pricing import …` fails where it is written (issue 41).
 */
export function pythonImportName(root: string, path: string): string {
  const parts = path.replace(/\.py$/, '').split('/');
  let first = parts.length - 1;
  while (first > 0 && existsSync(join(root, ...parts.slice(0, first), '__init__.py'))) first--;
  return parts.slice(first).join('.');
}

/** A suite's imports of the bare module pointed at its package name (`from pricing import` → `from shop.pricing import`). */
export function withPackageImports(suite: string, bare: string, dotted: string): string {
  if (bare === dotted) return suite;
  const name = bare.replace(/\./g, '\\.');
  return suite
    .replace(new RegExp(`^(\\s*)from\\s+${name}\\s+import\\b`, 'gm'), `$1from ${dotted} import`)
    .replace(new RegExp(`^(\\s*)import\\s+${name}\\s*$`, 'gm'), `$1import ${dotted} as ${bare}`);
}
