import type { Check } from '../core/check.js';
import { licenceCheck } from '../licence/licence-check.js';
import { securityCheck } from '../security/check.js';
import { importsCheck, lintCheck, syntaxCheck, testsCheck, typesCheck } from '../verify/checks/index.js';

/**
 * Every check a suggestion goes through, in the order they run: cheap static checks first (syntax,
 * imports, types, lint, security, licence), the sandboxed test run last. One list, used by `generate`,
 * `chat` and `vouch check`.
 */
export function defaultChecks(): Check[] {
  return [syntaxCheck, importsCheck, typesCheck, lintCheck, securityCheck, licenceCheck, testsCheck];
}
