import type { CheckResult, Finding } from '../core/check.js';

/**
 * Whether a finding of a type checker or linter only says that the code does not parse: flake8's and
 * ruff's E999, mypy's `[syntax]`, TypeScript's syntactic diagnostics (TS1000–TS1999), ESLint's parsing
 * error (no rule). The syntax check has said it already, with the language's own compiler.
 */
function repeatsSyntaxError(finding: Finding): boolean {
  return (
    finding.ruleId === 'E999' ||
    finding.ruleId === 'mypy-syntax' ||
    /^TS1\d{3}$/.test(finding.ruleId) ||
    (finding.tool === 'eslint' && finding.ruleId === 'eslint' && /^Parsing error\b/.test(finding.message))
  );
}

/**
 * A check's result with the syntax errors the syntax check already reported taken out, once that check
 * failed on them: a user reads each syntax error once. A check left with nothing but those did not judge
 * the code (it could not parse it either), so it is a skip that says why, never a pass.
 */
export function withoutSyntaxRepeats(result: CheckResult, earlier: readonly CheckResult[]): CheckResult {
  if (result.name === 'syntax') return result;
  const syntax = earlier.find((other) => other.name === 'syntax');
  if (syntax?.status !== 'fail' || syntax.findings.length === 0) return result;
  const kept = result.findings.filter((finding) => !repeatsSyntaxError(finding));
  if (kept.length === result.findings.length) return result;
  if (kept.length > 0 || result.status !== 'fail') return { ...result, findings: kept };
  return {
    ...result,
    status: 'skip',
    findings: [],
    reason: `the code does not parse (see syntax)${result.reason ? `; ${result.reason}` : ''}`,
  };
}
