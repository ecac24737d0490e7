import type { Check } from '../core/check.js';
import { licenceCheck } from '../licence/licence-check.js';
import { securityCheck } from '../security/check.js';
import {
  harnessCheck,
  importsCheck,
  lintCheck,
  syntaxCheck,
  testsCheck,
  typesCheck,
} from '../verify/checks/index.js';

/**
 * Every check a suggestion goes through, in the order they run: cheap static checks first (syntax,
 * imports, types, lint, security, licence, harness), the sandboxed test run last. One list, used by
 * `generate`, `chat` and `vouch check`. `harness` (code that reaches for the test runner) sits just before
 * the test run it makes worthless.
 */
export function defaultChecks(): Check[] {
  return [
    syntaxCheck,
    importsCheck,
    typesCheck,
    lintCheck,
    securityCheck,
    licenceCheck,
    harnessCheck,
    testsCheck,
  ];
}
