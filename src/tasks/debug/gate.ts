import type { Check, CheckContext, CheckResult, Finding } from '../../core/check.js';
import { languageForPath } from '../../core/languages.js';
import { profileChecks } from '../gate/profiles.js';
import { runChecks } from '../run-checks.js';

/**
 * The gate a fix goes through: syntax, imports, types and security on each file the fix changes. A fix
 * is judged by what it adds: findings the file already had before the fix (same check, rule and message)
 * do not count against it — the project's old lint is not the fix's fault, and a type error the log is
 * about must be gone after it. Tests and licence are not part of it: the re-run is the test.
 */

/** The `patch` profile (tasks/gate/profiles.ts): syntax, imports, types, security. */
export async function gateChecks(host: { checks?: Check[] }): Promise<Check[]> {
  return profileChecks('patch', host.checks);
}

function key(check: string, finding: Finding): string {
  return `${check}\0${finding.ruleId}\0${finding.message}`;
}

/** The after-run's results with the findings the file had before removed (and the status recomputed). */
function onlyNew(before: CheckResult | undefined, after: CheckResult): CheckResult {
  if (!before || (after.status !== 'fail' && !after.blocking)) return after;
  const old = new Set(before.findings.map((finding) => key(before.name, finding)));
  const fresh = after.findings.filter((finding) => !old.has(key(after.name, finding)));
  const dropped = after.findings.length - fresh.length;
  if (dropped === 0 && !(after.findings.length === 0 && before.status === 'fail')) return after;
  const failing = fresh.filter((finding) => !finding.suppressed && finding.severity !== 'info');
  return {
    ...after,
    status: failing.length > 0 ? 'fail' : 'pass',
    findings: fresh,
    blocking:
      Boolean(after.blocking) && failing.some((finding) => ['high', 'critical'].includes(finding.severity)),
    reason: `${after.reason ? `${after.reason}; ` : ''}${dropped || 'the'} problem(s) the file had before the fix are not counted`,
  };
}

/**
 * Each changed file through the gate, before and after; one result per check, findings of every file.
 * `together`: the files are one change, so each is checked after with the others' new text (and that of
 * `others`, files of the same change gated apart) laid over the project (a module the change creates is
 * there for the file that imports it).
 */
export async function runGate({
  checks,
  files,
  context,
  options = {},
}: {
  checks: readonly Check[];
  files: readonly { path: string; before: string; after: string }[];
  context: CheckContext;
  options?: { together?: boolean; others?: readonly { path: string; after: string }[] };
}): Promise<CheckResult[]> {
  const merged = new Map<string, CheckResult>();
  for (const file of files) {
    const language = languageForPath(file.path);
    if (!language) continue;
    const others = options.together
      ? Object.fromEntries(
          [...files, ...(options.others ?? [])]
            .filter((other) => other.path !== file.path)
            .map((other) => [other.path, other.after]),
        )
      : {};
    const after = await runChecks({
      checks,
      subject: {
        code: file.after,
        language,
        path: file.path,
        ...(Object.keys(others).length > 0 ? { overlay: others } : {}),
      },
      context,
    });
    const failedAfter = after.some((result) => result.status === 'fail' || result.blocking);
    const before = failedAfter
      ? await runChecks({ checks, subject: { code: file.before, language, path: file.path }, context })
      : [];
    for (const result of after) {
      const judged = onlyNew(
        before.find((entry) => entry.name === result.name),
        result,
      );
      const seen = merged.get(judged.name);
      if (!seen) merged.set(judged.name, judged);
      else {
        const rank = { fail: 3, error: 2, pass: 1, skip: 0 } as const;
        merged.set(judged.name, {
          ...(rank[judged.status] > rank[seen.status] ? judged : seen),
          findings: [...seen.findings, ...judged.findings],
          blocking: Boolean(seen.blocking || judged.blocking),
          durationMs: seen.durationMs + judged.durationMs,
        });
      }
    }
  }
  return [...merged.values()];
}
