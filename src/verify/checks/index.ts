import type { Check } from '../../core/check.js';
import { importsCheck } from './imports.js';
import { lintCheck } from './lint.js';
import { syntaxCheck } from './syntax.js';
import { testsCheck } from './tests.js';
import { typesCheck } from './types.js';

export { harnessCheck } from './harness.js';
export { importsCheck } from './imports.js';
export { lintCheck } from './lint.js';
export { syntaxCheck } from './syntax.js';
export { runTests, testsCheck } from './tests.js';
export { typesCheck } from './types.js';

/** The verify/ checks in the order they should run: cheap static ones first, sandboxed ones after. */
export function verifyChecks(): Check[] {
  return [syntaxCheck, importsCheck, typesCheck, lintCheck, testsCheck];
}
