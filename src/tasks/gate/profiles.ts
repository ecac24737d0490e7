import type { Check, CheckContext } from '../../core/check.js';
import { loadDefaultChecks } from '../run-checks.js';

/**
 * Which of the gate's checks run on code, by what the code is and when it is judged. Decided here once,
 * by name, for every task and face: a face asks a task for a profile, it never picks checks itself.
 * - `typing`: a buffer while the engineer types (the language server, debounced): the checks that answer
 *   in milliseconds — syntax, imports (invented APIs), vouch's own security rules with secrets. External
 *   scanners (Bandit: a process per run) stay out whatever the config says.
 * - `save`: a file as it stands — a buffer opened or saved, the file `fix` rewrites, the files a `review`
 *   changes: every check but the test run (a file is not a candidate with tests of its own) and `harness`
 *   (it guards a test run's verdict against the code under test; with no run there is nothing to forge,
 *   and a project's own `signal` handler or `os._exit` in a forked child is no finding to fix).
 * - `suggestion`: code vouch produced for the engineer (`generate`, `chat`) or was handed to check
 *   (`vouch check`, POST /v1/check): every check, the sandboxed tests last.
 * - `patch`: the files a fix changes, judged by what it adds, where the failing command's re-run is the
 *   test (`debug`, `refactor`): syntax, imports, types, security, and `harness` (a fix that reaches for
 *   the test runner makes the re-run no evidence).
 */
export type GateProfile = 'typing' | 'save' | 'suggestion' | 'patch';

export const GATE_PROFILES: readonly GateProfile[] = ['typing', 'save', 'suggestion', 'patch'];

/** The checks of each profile by name (`only` these, or all `except` these), and whether external scanners run. */
const PROFILES: Record<
  GateProfile,
  { only?: readonly string[]; except?: readonly string[]; externalScanners: boolean }
> = {
  typing: { only: ['syntax', 'imports', 'security'], externalScanners: false },
  save: { except: ['tests', 'harness'], externalScanners: true },
  suggestion: { externalScanners: true },
  patch: { only: ['syntax', 'imports', 'types', 'security', 'harness'], externalScanners: true },
};

/**
 * The checks a profile with `only` may load alone, without every other check's modules (the TypeScript
 * compiler, the licence engine): the language server's quick checks on a buffer just opened started
 * after a second or more of loading on the first file (issue 60). The same objects as in checks.ts.
 */
const LOADED_ALONE: Record<string, () => Promise<Check>> = {
  syntax: async () => (await import('../../verify/checks/syntax.js')).syntaxCheck,
  imports: async () => (await import('../../verify/checks/imports.js')).importsCheck,
  security: async () => (await import('../../security/check.js')).securityCheck,
};

/**
 * The profile's checks, in the gate's order: from the host's own list when it has one (tests, a face
 * with a narrower gate), else every check (loaded on first use; a profile of a few checks loads those).
 */
export async function profileChecks(profile: GateProfile, hostChecks?: readonly Check[]): Promise<Check[]> {
  const wanted = PROFILES[profile].only;
  if (!hostChecks && wanted?.every((name) => name in LOADED_ALONE))
    return Promise.all(wanted.map((name) => LOADED_ALONE[name]!()));
  const all = hostChecks ?? (await loadDefaultChecks());
  const { only, except } = PROFILES[profile];
  return all.filter((check) => (!only || only.includes(check.name)) && !except?.includes(check.name));
}

/**
 * The check context as the profile runs it: `typing` turns external scanners off, and its sandboxes are
 * urgent (the engineer waits for them; a whole gate's running meanwhile does not hold them up).
 */
export function profileContext(profile: GateProfile, context: CheckContext): CheckContext {
  if (PROFILES[profile].externalScanners) return context;
  const security = context.config.security;
  return {
    ...context,
    urgent: true,
    config: {
      ...context.config,
      security: { ...(security && typeof security === 'object' ? security : {}), external: false },
    },
  };
}
