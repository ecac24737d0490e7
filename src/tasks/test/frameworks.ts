import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
export function importHint(framework: TestFrameworkName, path: string, names: string[]): string {
  const base = (path.split('/').pop() ?? path).replace(/\.[^.]+$/, '');
  const list = names.length ? names.join(', ') : 'the functions';
  if (framework === 'pytest' || framework === 'unittest') return `from ${base} import ${list}`;
  const header =
    framework === 'node:test'
      ? "import { test } from 'node:test';\nimport assert from 'node:assert/strict';"
      : `import { describe, it, expect } from '${framework === 'jest' ? '@jest/globals' : 'vitest'}';`;
  return `${header}\nimport { ${list} } from './${base}.js';`;
}
