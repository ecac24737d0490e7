import type { Finding } from '../../core/check.js';

/**
 * Findings a check can make only on a whole file (w222): a name defined, imported or used outside the hunks
 * (vouch's `undefined-name`/`unused-import`, flake8's F821, F401, F405, F811, F841), and the blank lines the
 * gaps between hunks leave (E301–E306, W391). On a file reviewed from its hunks alone they describe the gaps,
 * not the change.
 */
const WHOLE_FILE_RULES = new Set([
  'undefined-name',
  'unused-import',
  'F401',
  'F405',
  'F811',
  'F821',
  'F841',
  'E301',
  'E302',
  'E303',
  'E304',
  'E305',
  'E306',
  'W391',
]);

/** The findings on a hunks-only file that hold without the rest of it, and the rules of those left out. */
export function hunksOnlyFindings(findings: readonly Finding[]): { kept: Finding[]; left: string[] } {
  const kept = findings.filter((finding) => !WHOLE_FILE_RULES.has(finding.ruleId));
  const left = [
    ...new Set(findings.filter((finding) => WHOLE_FILE_RULES.has(finding.ruleId)).map((f) => f.ruleId)),
  ];
  return { kept, left };
}
